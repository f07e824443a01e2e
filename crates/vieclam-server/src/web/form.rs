//! Forms in the GOV.UK manner: one thing per page where it matters, a
//! label on every field, a hint where it helps, each problem next to its
//! field and in a summary at the top that links to it. One template
//! (`form.html`) draws them all.

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use super::public::Choice;
use super::{html, Lang, Page, WebError};

/// A field of a form.
pub struct FormField {
    /// The field's name and its element's id.
    pub id: String,
    pub label: String,
    pub hint: Option<String>,
    /// text, email, tel, password, date, number, hidden, select, radios,
    /// checkboxes, textarea.
    pub kind: &'static str,
    pub value: String,
    pub choices: Vec<Choice>,
    pub autocomplete: Option<&'static str>,
    /// A typeahead list (`occupation`, `skill`, `unit`) for a text field.
    pub list: Option<&'static str>,
    pub error: Option<String>,
}

impl FormField {
    pub fn new(id: &str, label: &str, kind: &'static str) -> FormField {
        FormField {
            id: id.to_owned(),
            label: label.to_owned(),
            hint: None,
            kind,
            value: String::new(),
            choices: Vec::new(),
            autocomplete: None,
            list: None,
            error: None,
        }
    }

    pub fn text(id: &str, label: &str, value: &str) -> FormField {
        FormField::new(id, label, "text").value(value)
    }

    pub fn value(mut self, value: &str) -> FormField {
        self.value = value.to_owned();
        self
    }

    pub fn hint(mut self, hint: &str) -> FormField {
        self.hint = Some(hint.to_owned());
        self
    }

    pub fn autocomplete(mut self, autocomplete: &'static str) -> FormField {
        self.autocomplete = Some(autocomplete);
        self
    }

    pub fn list(mut self, list: &'static str) -> FormField {
        self.list = Some(list);
        self
    }

    /// Choices for a select, radios or checkboxes; `selected` are marked.
    pub fn choices(mut self, options: &[(String, String)], selected: &[String]) -> FormField {
        self.choices = options
            .iter()
            .map(|(value, label)| Choice {
                value: value.clone(),
                label: label.clone(),
                selected: selected.contains(value),
            })
            .collect();
        self
    }
}

/// A form page.
pub struct FormModel {
    pub title: String,
    pub lead: Option<String>,
    /// "Bước 2 / 5".
    pub step: Option<String>,
    pub action: String,
    pub back: Option<String>,
    pub submit: String,
    pub fields: Vec<FormField>,
    /// (field id, message), in the order of the fields.
    pub errors: Vec<(String, String)>,
}

impl FormModel {
    pub fn new(title: &str, action: &str, submit: &str) -> FormModel {
        FormModel {
            title: title.to_owned(),
            lead: None,
            step: None,
            action: action.to_owned(),
            back: None,
            submit: submit.to_owned(),
            fields: Vec::new(),
            errors: Vec::new(),
        }
    }

    pub fn field(mut self, field: FormField) -> FormModel {
        self.fields.push(field);
        self
    }

    /// Marks a problem on a field (or on the form's first field when no
    /// field has that name).
    pub fn problem(&mut self, field: &str, message: &str) {
        let index = self
            .fields
            .iter()
            .position(|candidate| candidate.id == field)
            .or_else(|| self.fields.iter().position(|f| f.kind != "hidden"))
            .unwrap_or(0);
        if let Some(target) = self.fields.get_mut(index) {
            if target.error.is_none() {
                target.error = Some(message.to_owned());
            }
            self.errors.push((target.id.clone(), message.to_owned()));
        }
    }

    /// Marks the problems of a refused write: every field problem of a
    /// record (mapped onto the form's fields by `field_of`), or the
    /// refusal's own message.
    pub fn problems_of(
        &mut self,
        error: &crate::error::ApiError,
        lang: Lang,
        field_of: &dyn Fn(&str) -> String,
    ) {
        let mut marked = false;
        if let Some(Value::Array(problems)) = &error.details {
            for problem in problems {
                let field = problem["field"].as_str().unwrap_or("");
                let message = match lang {
                    Lang::Vi => problem["reason_vi"].as_str(),
                    Lang::En => problem["reason_en"].as_str(),
                }
                .or_else(|| problem["message_vi"].as_str())
                .unwrap_or("");
                if !message.is_empty() {
                    self.problem(&field_of(field), message);
                    marked = true;
                }
            }
        }
        if !marked {
            let message = lang.pick(&error.message_vi, &error.message_en).to_owned();
            let field = match &error.details {
                Some(Value::Object(details)) => details
                    .get("field")
                    .and_then(Value::as_str)
                    .map(field_of)
                    .unwrap_or_default(),
                _ => String::new(),
            };
            self.problem(&field, &message);
        }
    }
}

#[derive(Template)]
#[template(path = "form.html")]
struct FormPage<'a> {
    page: &'a Page,
    form: &'a FormModel,
}

/// Draws a form: 200, or 400 when it shows problems.
pub fn show(page: &Page, form: &FormModel) -> Result<Response, WebError> {
    let status = if form.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    Ok(html(status, FormPage { page, form }.render()?))
}
