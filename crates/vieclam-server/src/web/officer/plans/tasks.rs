//! `/can-bo/ke-hoach/{id}/nhiem-vu`: a plan's task matrix (Hòa Xá's
//! appendix 2): the tasks by group, with the lead and co-agencies, the
//! product, the timeframe, the status and every progress note. Officers
//! the API's rule allows (`plans::may_update_tasks`: officers of the
//! plan's unit or above) set a task's status and add a note with a plain
//! POST form (303 back to the task); everyone else who sees the plan
//! reads it.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use vieclam_plans::Plan;
use vieclam_store::{TaskStatus, TaskUpdate};

use super::plan_title;
use super::progress::crumbs;
use crate::plans::{load_plan, may_update_tasks, task_log};
use crate::web::officer::{as_officer, Area, Frame, Officer};
use crate::web::page::{render, see_other, PagePath, PageQuery};
use crate::web::{format, html, Lang, Page, Posted, WebError};
use crate::AppState;

/// The longest progress note the form takes.
const MAX_NOTE: usize = 2_000;

const STATUSES: [TaskStatus; 4] = [
    TaskStatus::NotStarted,
    TaskStatus::InProgress,
    TaskStatus::Done,
    TaskStatus::Delayed,
];

/// A task's status in the page's language.
fn status_word(status: TaskStatus, lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => status.label_vi(),
        Lang::En => match status {
            TaskStatus::NotStarted => "Not started",
            TaskStatus::InProgress => "In progress",
            TaskStatus::Done => "Done",
            TaskStatus::Delayed => "Behind schedule",
        },
    }
}

/// The status colour of a task (with its word beside it).
fn status_class(status: TaskStatus) -> &'static str {
    match status {
        TaskStatus::Done => "achieved",
        TaskStatus::InProgress => "on-track",
        TaskStatus::Delayed => "behind",
        TaskStatus::NotStarted => "none",
    }
}

/// One task of the matrix.
struct TaskRow {
    /// The element id and the form's path part: `II-1`.
    anchor: String,
    action: String,
    number: String,
    task: String,
    lead_agency: String,
    co_agencies: String,
    product: String,
    timeframe: String,
    status_word: &'static str,
    status_class: &'static str,
    status: &'static str,
    /// (date, note), oldest first.
    notes: Vec<(String, String)>,
    /// A refused form of this task, shown again open with what it held.
    open: bool,
    note_value: String,
}

/// A group of tasks.
struct TaskGroup {
    title: String,
    tasks: Vec<TaskRow>,
}

/// A choice of status in the form.
struct StatusChoice {
    value: &'static str,
    label: &'static str,
}

#[derive(Template)]
#[template(path = "officer/plans/tasks.html")]
struct TasksPage<'a> {
    page: &'a Page,
    frame: Frame,
    plan_id: String,
    title: String,
    groups: Vec<TaskGroup>,
    may_update: bool,
    statuses: Vec<StatusChoice>,
    /// The task just saved (its anchor), to say so.
    saved: Option<String>,
    /// Problems of a refused form: (field id, message).
    problems: Vec<(String, String)>,
}

#[derive(Deserialize, Default)]
pub struct Saved {
    #[serde(default, rename = "da-luu")]
    saved: Option<String>,
}

fn matrix_page<'a>(
    page: &'a Page,
    state: &AppState,
    officer: &Officer,
    plan: &Plan,
    log: &[TaskUpdate],
    saved: Option<String>,
) -> TasksPage<'a> {
    let lang = page.lang;
    let mut groups: Vec<TaskGroup> = Vec::new();
    for task in &plan.tasks {
        let (status, entries) = task_log(task, log);
        let anchor = format!("{}-{}", task.group_no, task.task_no);
        let row = TaskRow {
            action: format!(
                "/can-bo/ke-hoach/{}/nhiem-vu/{}/{}",
                plan.id, task.group_no, task.task_no
            ),
            number: format!("{}.{}", task.group_no, task.task_no),
            anchor,
            task: task.task.clone(),
            lead_agency: task.lead_agency.clone(),
            co_agencies: task.co_agencies.clone(),
            product: task.product.clone(),
            timeframe: task.timeframe.clone(),
            status_word: status_word(status, lang),
            status_class: status_class(status),
            status: status.as_str(),
            notes: entries
                .iter()
                .filter_map(|entry| {
                    entry.note.as_ref().map(|note| {
                        (
                            format::date(
                                vieclam_plans::reporting::vietnam_day(entry.updated_at),
                                lang,
                            ),
                            note.clone(),
                        )
                    })
                })
                .collect(),
            open: false,
            note_value: String::new(),
        };
        match groups.last_mut() {
            Some(group) if group.title == task.group_title => group.tasks.push(row),
            _ => groups.push(TaskGroup {
                title: task.group_title.clone(),
                tasks: vec![row],
            }),
        }
    }
    let frame = officer.frame(page, Area::Plans);
    let mut frame = crumbs(page, state, frame, plan, &plan.unit, "", None);
    // Only the plans and the plan lead here.
    frame.crumbs.truncate(2);
    TasksPage {
        page,
        frame,
        plan_id: plan.id.clone(),
        title: plan_title(plan, lang),
        groups,
        may_update: may_update_tasks(&state.units, &page.caller.principal, plan).is_ok(),
        statuses: STATUSES
            .into_iter()
            .map(|status| StatusChoice {
                value: status.as_str(),
                label: status_word(status, lang),
            })
            .collect(),
        saved,
        problems: Vec::new(),
    }
}

/// The task matrix.
pub async fn matrix(
    State(state): State<AppState>,
    page: Page,
    PagePath(id): PagePath<String>,
    PageQuery(query): PageQuery<Saved>,
) -> Response {
    as_officer!(page, state, Area::Plans, |officer| async {
        let plan = load_plan(&state, &page.caller, &id).await?;
        let log = state.store.task_updates(&plan.id).await?;
        render(&matrix_page(
            &page,
            &state,
            &officer,
            &plan,
            &log,
            query.saved,
        ))
    })
}

/// The status form as a browser sends it.
#[derive(Deserialize)]
pub struct TaskForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    note: String,
}

/// Records a task's status and note, then back to the task (303); a form
/// with problems comes back with them (400); a refusal is the API's.
pub async fn update(
    State(state): State<AppState>,
    PagePath((id, group, number)): PagePath<(String, String, u32)>,
    Posted(page, form): Posted<TaskForm>,
) -> Response {
    as_officer!(page, state, Area::Plans, |officer| async {
        let lang = page.lang;
        let mut problems = Vec::new();
        let anchor = format!("{group}-{number}");
        if TaskStatus::parse(&form.status).is_none() {
            problems.push((
                format!("status-{anchor}"),
                lang.pick("Chọn tình trạng của nhiệm vụ", "Choose the task's status")
                    .to_owned(),
            ));
        }
        if form.note.chars().count() > MAX_NOTE {
            problems.push((
                format!("note-{anchor}"),
                format!(
                    "{} {MAX_NOTE} {}",
                    lang.pick(
                        "Ghi chú tiến độ dài quá",
                        "The progress note is longer than"
                    ),
                    lang.pick("ký tự", "characters")
                ),
            ));
        }
        if !problems.is_empty() {
            // The plan must still be one the officer sees (and the task
            // one of its own) before anything of it is shown again.
            let plan = load_plan(&state, &page.caller, &id).await?;
            if !plan
                .tasks
                .iter()
                .any(|task| task.group_no == group && task.task_no == number)
            {
                return Err(WebError::not_found());
            }
            let log = state.store.task_updates(&plan.id).await?;
            let mut model = matrix_page(&page, &state, &officer, &plan, &log, None);
            model.problems = problems;
            for task in model.groups.iter_mut().flat_map(|group| &mut group.tasks) {
                if task.anchor == anchor {
                    task.open = true;
                    task.note_value = form.note.clone();
                    if let Some(status) = TaskStatus::parse(&form.status) {
                        task.status = status.as_str();
                    }
                }
            }
            return Ok(html(
                StatusCode::BAD_REQUEST,
                askama::Template::render(&model)?,
            ));
        }
        crate::plans::update_task(
            &state,
            &page.caller,
            &id,
            &group,
            number,
            &form.status,
            Some(form.note.trim().to_owned()),
        )
        .await?;
        let saved = serde_urlencoded::to_string([("da-luu", anchor.as_str())]).unwrap_or_default();
        Ok(see_other(&format!(
            "/can-bo/ke-hoach/{id}/nhiem-vu?{saved}#nv-{anchor}"
        )))
    })
}
