//! Signing up through the pages, on the API's own path
//! (`selfservice::signup_worker` / `signup_employer`: the same checks, the
//! same refusal to take over a record on file, the same throttle), then
//! logging in at once through the one login path; and the worker's own
//! data: consent, download, deletion request (Decree 13/2023).

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, State};
use axum::http::header::SET_COOKIE;
use axum::http::StatusCode;
use axum::response::Response;
use vieclam_domain::registry::{EmployerKind, Sex};
use vieclam_domain::{AdminUnits, UnitKey, UnitLevel, UnitSearch, UnitStructure};

use super::form::{self, FormField, FormModel};
use super::page::{render, see_other};
use super::worker::{field, own_record, Fields};
use super::{labels, Lang, Page, Posted, WebError};
use crate::auth::{authenticate, session_cookie};
use crate::selfservice::{
    own_deletion_request, request_deletion, set_consent, signup_employer, signup_worker,
    ConsentChoice, DeletionRequestForm, EmployerSignup, WorkerSignup,
};
use crate::{vietnam_today, AppState};

/// A commune typed by name ("Hòa Xá", "phuong ba dinh") or chosen from
/// the typeahead ("Xã Hòa Xá, Thành phố Hà Nội (10417)"): its code in
/// today's structure, or why it cannot be told.
pub fn resolve_commune(
    units: &AdminUnits,
    text: &str,
) -> Result<String, (&'static str, &'static str)> {
    let text = text.trim();
    let code = text
        .rsplit_once('(')
        .and_then(|(_, tail)| tail.strip_suffix(')'))
        .map(str::trim)
        .filter(|code| !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit()))
        .or_else(|| (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())).then_some(text));
    if let Some(code) = code {
        return match UnitKey::parse(code, vietnam_today())
            .ok()
            .and_then(|key| units.get(&key).ok())
        {
            Some(unit) if unit.level == UnitLevel::Commune => Ok(unit.code.as_str().to_owned()),
            _ => Err((
                "Không có xã, phường nào có mã này",
                "No commune or ward has this code",
            )),
        };
    }
    let matches = units.search(
        text,
        &UnitSearch {
            structure: Some(UnitStructure::valid_on(vietnam_today())),
            level: Some(UnitLevel::Commune),
            province_code: None,
            limit: 2,
        },
    );
    match matches.as_slice() {
        [] => Err((
            "Không tìm thấy xã, phường này; hãy gõ tên rồi chọn trong danh sách gợi ý",
            "No such commune or ward; type its name and choose from the suggestions",
        )),
        [only] => Ok(only.unit.code.as_str().to_owned()),
        [first, second, ..] if first.score > second.score => {
            Ok(first.unit.code.as_str().to_owned())
        }
        _ => Err((
            "Có nhiều xã, phường trùng tên; hãy chọn trong danh sách gợi ý (có tỉnh, thành phố)",
            "Several communes have this name; choose from the suggestions (with the province)",
        )),
    }
}

/// The typeahead's text for a commune: name, province, code.
pub fn commune_option(units: &AdminUnits, key: &UnitKey) -> String {
    match units.get(key) {
        Ok(unit) => {
            let province = units
                .ancestors(unit)
                .last()
                .map(|province| province.name.clone())
                .unwrap_or_default();
            format!("{}, {} ({})", unit.name, province, unit.code.as_str())
        }
        Err(_) => key.to_string(),
    }
}

#[derive(Template)]
#[template(path = "signup_choice.html")]
struct ChoicePage<'a> {
    page: &'a Page,
}

/// Which kind of account: a worker or an employer.
pub async fn choose(page: Page) -> Response {
    page.respond(render(&ChoicePage { page: &page }))
}

fn worker_form(page: &Page, sent: Option<&Fields>) -> FormModel {
    let lang = page.lang;
    let value = |name: &str| {
        sent.and_then(|fields| field(fields, name))
            .unwrap_or("")
            .to_owned()
    };
    let mut model = FormModel::new(
        lang.pick("Đăng ký tài khoản người lao động", "Sign up as a worker"),
        "/dang-ky/nguoi-lao-dong",
        lang.pick("Tạo tài khoản", "Create the account"),
    );
    model.back = Some("/dang-ky".to_owned());
    model.lead = Some(
        lang.pick(
            "Miễn phí. Thông tin của bạn chỉ dùng để tìm việc và được bảo vệ theo Nghị định 13/2023/NĐ-CP. Nhà tuyển dụng chỉ thấy hồ sơ khi bạn ứng tuyển hoặc đồng ý.",
            "Free. Your data is used only to find you work and is protected under Decree 13/2023. Employers see your profile only when you apply or agree.",
        )
        .to_owned(),
    );
    let sexes: Vec<(String, String)> = [Sex::Male, Sex::Female]
        .iter()
        .map(|sex| {
            (
                sex.as_str().to_owned(),
                match (lang, sex.as_str()) {
                    (Lang::En, "male") => "Male".to_owned(),
                    (Lang::En, "female") => "Female".to_owned(),
                    _ => sex.name_vi().to_owned(),
                },
            )
        })
        .collect();
    model
        .field(
            FormField::text(
                "full_name",
                lang.pick("Họ và tên", "Full name"),
                &value("full_name"),
            )
            .autocomplete("name"),
        )
        .field(
            FormField::text(
                "citizen_id",
                lang.pick(
                    "Số căn cước công dân (12 số)",
                    "Citizen ID number (12 digits)",
                ),
                &value("citizen_id"),
            )
            .hint(lang.pick(
                "Dùng để tránh trùng hồ sơ; không hiển thị cho nhà tuyển dụng",
                "Used to avoid duplicate records; never shown to employers",
            ))
            .autocomplete("off"),
        )
        .field(
            FormField::new(
                "birth_date",
                lang.pick("Ngày sinh", "Date of birth"),
                "date",
            )
            .value(&value("birth_date"))
            .autocomplete("bday"),
        )
        .field(
            FormField::new("sex", lang.pick("Giới tính", "Sex"), "radios")
                .choices(&sexes, &[value("sex")]),
        )
        .field(
            FormField::text(
                "residence",
                lang.pick("Xã, phường nơi cư trú", "Commune or ward where you live"),
                &value("residence"),
            )
            .hint(lang.pick(
                "Gõ tên rồi chọn trong gợi ý, ví dụ: Hòa Xá",
                "Type the name and choose a suggestion, e.g. Hòa Xá",
            ))
            .list("unit"),
        )
        .field(
            FormField::new("phone", lang.pick("Số điện thoại", "Phone number"), "tel")
                .value(&value("phone"))
                .hint(lang.pick(
                    "Dùng để đăng nhập. Cần số điện thoại hoặc thư điện tử.",
                    "Your login. A phone number or an e-mail is needed.",
                ))
                .autocomplete("tel"),
        )
        .field(
            FormField::new(
                "email",
                lang.pick("Thư điện tử (không bắt buộc)", "E-mail (optional)"),
                "email",
            )
            .value(&value("email"))
            .autocomplete("email"),
        )
        .field(
            FormField::new("password", lang.pick("Mật khẩu", "Password"), "password")
                .hint(lang.pick("Ít nhất 10 ký tự", "At least 10 characters"))
                .autocomplete("new-password"),
        )
}

/// The worker's sign-up form.
pub async fn worker_form_page(page: Page) -> Response {
    let model = worker_form(&page, None);
    page.respond(form::show(&page, &model))
}

fn optional(fields: &Fields, name: &str) -> Option<String> {
    field(fields, name).map(str::to_owned)
}

/// Logs the new account in and goes on; the sign-up itself has been
/// written whatever happens here.
async fn log_in_after(
    state: &AppState,
    username: &str,
    password: String,
    address: Option<std::net::IpAddr>,
    next: &str,
) -> Response {
    match authenticate(state, username, password, address).await {
        Ok(login) => {
            let mut response = see_other(next);
            response.headers_mut().append(
                SET_COOKIE,
                session_cookie(
                    &login.token,
                    state.config.session_ttl.num_seconds(),
                    state.config.secure_cookies,
                ),
            );
            response
        }
        Err(_) => see_other("/dang-nhap"),
    }
}

/// A commune field of a sign-up form, read as its code; a problem is
/// marked on the form.
fn commune_field(
    state: &AppState,
    page: &Page,
    model: &mut FormModel,
    fields: &Fields,
    name: &str,
) -> String {
    match field(fields, name).map(|text| resolve_commune(&state.units, text)) {
        Some(Ok(code)) => code,
        Some(Err((vi, en))) => {
            model.problem(name, page.t(vi, en));
            String::new()
        }
        None => String::new(),
    }
}

/// The password as typed (not trimmed: spaces are part of it).
fn password_of(fields: &Fields) -> String {
    fields
        .iter()
        .find(|(name, _)| name == "password")
        .map(|(_, value)| value.clone())
        .unwrap_or_default()
}

/// After a sign-up: logged in and on to `next`, or the form again with
/// every problem (and the refusal's status).
#[allow(clippy::too_many_arguments)]
async fn finish(
    state: &AppState,
    page: &Page,
    mut model: FormModel,
    fields: &Fields,
    password: String,
    address: Option<std::net::IpAddr>,
    result: Result<crate::selfservice::SignedUp, crate::error::ApiError>,
    next: &str,
) -> Response {
    match result {
        Ok(_) => log_in_after(state, &username_of(fields), password, address, next).await,
        Err(error) if error.status.is_client_error() => {
            model.problems_of(&error, page.lang, &|name| name.to_owned());
            let mut response = page.respond(form::show(page, &model));
            *response.status_mut() = error.status;
            response
        }
        Err(error) => WebError::from(error).render(page),
    }
}

/// The username a sign-up gets: the phone as written, else the e-mail.
fn username_of(fields: &Fields) -> String {
    match field(fields, "phone") {
        Some(phone) => vieclam_domain::registry::PhoneNumber::parse(phone)
            .map(|phone| phone.as_str().to_owned())
            .unwrap_or_else(|_| phone.to_owned()),
        None => field(fields, "email").unwrap_or("").to_lowercase(),
    }
}

/// Signs a worker up, logs them in and starts their CV.
pub async fn worker_signup(
    State(state): State<AppState>,
    peer: Option<axum::Extension<ConnectInfo<SocketAddr>>>,
    Posted(page, fields): Posted<Fields>,
) -> Response {
    let address = peer.map(|axum::Extension(ConnectInfo(peer))| peer.ip());
    let mut model = worker_form(&page, Some(&fields));
    let residence = commune_field(&state, &page, &mut model, &fields, "residence");
    let birth_date = field(&fields, "birth_date").unwrap_or("").to_owned();
    let password = password_of(&fields);
    let form = WorkerSignup {
        full_name: optional(&fields, "full_name").unwrap_or_default(),
        citizen_id: optional(&fields, "citizen_id").unwrap_or_default(),
        birth_date,
        sex: optional(&fields, "sex").unwrap_or_default(),
        residence: residence.clone(),
        phone: optional(&fields, "phone"),
        email: optional(&fields, "email"),
        password: password.clone(),
    };
    if !model.errors.is_empty() {
        return page.respond(form::show(&page, &model));
    }
    let result = signup_worker(&state, address, form).await;
    let next = "/nguoi-lao-dong/ho-so/nghe";
    finish(
        &state, &page, model, &fields, password, address, result, next,
    )
    .await
}

fn employer_form(page: &Page, sent: Option<&Fields>) -> FormModel {
    let lang = page.lang;
    let value = |name: &str| {
        sent.and_then(|fields| field(fields, name))
            .unwrap_or("")
            .to_owned()
    };
    let mut model = FormModel::new(
        lang.pick("Đăng ký tài khoản nhà tuyển dụng", "Sign up as an employer"),
        "/dang-ky/nha-tuyen-dung",
        lang.pick("Tạo tài khoản", "Create the account"),
    );
    model.back = Some("/dang-ky".to_owned());
    model.lead = Some(
        lang.pick(
            "Doanh nghiệp, hợp tác xã, hộ kinh doanh đăng tin tuyển dụng miễn phí. Nếu mã số thuế đã có trong hệ thống, hãy liên hệ cán bộ lao động của xã, phường để nhận quản lý hồ sơ.",
            "Companies, cooperatives and household businesses post vacancies for free. If your tax code is on file already, ask the labour officer of your commune to hand you its record.",
        )
        .to_owned(),
    );
    let kinds: Vec<(String, String)> = EmployerKind::ALL
        .iter()
        .map(|kind| {
            (
                kind.as_str().to_owned(),
                labels::employer_kind(*kind, lang).to_owned(),
            )
        })
        .collect();
    model
        .field(
            FormField::text(
                "tax_code",
                lang.pick("Mã số thuế", "Tax code"),
                &value("tax_code"),
            )
            .hint(lang.pick(
                "10 số, hoặc 13 số với chi nhánh (0101234567-001)",
                "10 digits, or 13 for a branch (0101234567-001)",
            )),
        )
        .field(
            FormField::text(
                "name",
                lang.pick("Tên đơn vị", "Name of the business"),
                &value("name"),
            )
            .autocomplete("organization"),
        )
        .field(
            FormField::new("kind", lang.pick("Loại hình", "Kind of employer"), "radios")
                .choices(&kinds, &[value("kind")]),
        )
        .field(
            FormField::text(
                "address_unit",
                lang.pick(
                    "Xã, phường nơi đặt trụ sở",
                    "Commune or ward of the address",
                ),
                &value("address_unit"),
            )
            .hint(lang.pick(
                "Gõ tên rồi chọn trong gợi ý",
                "Type the name and choose a suggestion",
            ))
            .list("unit"),
        )
        .field(
            FormField::text(
                "address_line",
                lang.pick(
                    "Số nhà, đường (không bắt buộc)",
                    "Street address (optional)",
                ),
                &value("address_line"),
            )
            .autocomplete("street-address"),
        )
        .field(
            FormField::text(
                "contact_name",
                lang.pick("Người liên hệ", "Contact person"),
                &value("contact_name"),
            )
            .autocomplete("name"),
        )
        .field(
            FormField::new("phone", lang.pick("Số điện thoại", "Phone number"), "tel")
                .value(&value("phone"))
                .hint(lang.pick(
                    "Dùng để đăng nhập. Cần số điện thoại hoặc thư điện tử.",
                    "Your login. A phone number or an e-mail is needed.",
                ))
                .autocomplete("tel"),
        )
        .field(
            FormField::new("email", lang.pick("Thư điện tử", "E-mail"), "email")
                .value(&value("email"))
                .autocomplete("email"),
        )
        .field(
            FormField::new("password", lang.pick("Mật khẩu", "Password"), "password")
                .hint(lang.pick("Ít nhất 10 ký tự", "At least 10 characters"))
                .autocomplete("new-password"),
        )
}

/// The employer's sign-up form.
pub async fn employer_form_page(page: Page) -> Response {
    let model = employer_form(&page, None);
    page.respond(form::show(&page, &model))
}

/// Signs an employer up (a tax code on file is refused: it is claimed
/// through an officer), logs it in.
pub async fn employer_signup(
    State(state): State<AppState>,
    peer: Option<axum::Extension<ConnectInfo<SocketAddr>>>,
    Posted(page, fields): Posted<Fields>,
) -> Response {
    let address = peer.map(|axum::Extension(ConnectInfo(peer))| peer.ip());
    let mut model = employer_form(&page, Some(&fields));
    let address_unit = commune_field(&state, &page, &mut model, &fields, "address_unit");
    let password = password_of(&fields);
    let form = EmployerSignup {
        tax_code: optional(&fields, "tax_code").unwrap_or_default(),
        name: optional(&fields, "name").unwrap_or_default(),
        kind: optional(&fields, "kind").unwrap_or_default(),
        industry: None,
        address_unit,
        address_line: optional(&fields, "address_line"),
        contact_name: optional(&fields, "contact_name").unwrap_or_default(),
        phone: optional(&fields, "phone"),
        email: optional(&fields, "email"),
        password: password.clone(),
    };
    if !model.errors.is_empty() {
        return page.respond(form::show(&page, &model));
    }
    let result = signup_employer(&state, address, form).await;
    finish(
        &state,
        &page,
        model,
        &fields,
        password,
        address,
        result,
        "/nha-tuyen-dung",
    )
    .await
}

#[derive(Template)]
#[template(path = "worker/privacy.html")]
struct PrivacyPage<'a> {
    page: &'a Page,
    share: bool,
    messages: bool,
    saved: bool,
    request: Option<(String, String)>,
}

#[derive(serde::Deserialize)]
pub struct SavedQuery {
    #[serde(rename = "da-luu")]
    saved: Option<String>,
}

/// The worker's own data: consent that takes effect at once, the download
/// of everything held (JSON and XLSX), and a deletion request.
pub async fn privacy(
    page: Page,
    State(state): State<AppState>,
    super::page::PageQuery(query): super::page::PageQuery<SavedQuery>,
) -> Response {
    let record = match own_record(&page, &state).await {
        Ok(record) => record,
        Err(response) => return response,
    };
    let result = async {
        let request = own_deletion_request(&state, &page.caller)
            .await?
            .map(|request| {
                (
                    page.t(request.status.name_vi, request.status.name_en)
                        .to_owned(),
                    super::format::date(request.created_at.date_naive(), page.lang),
                )
            });
        render(&PrivacyPage {
            page: &page,
            share: record.profile.consent_share_with_employers,
            messages: record.profile.consent_receive_messages,
            saved: query.saved.is_some(),
            request,
        })
    }
    .await;
    page.respond(result)
}

/// Saves the consent choices (unticked boxes are not sent: off).
pub async fn save_consent(
    State(state): State<AppState>,
    Posted(page, fields): Posted<Fields>,
) -> Response {
    if let Err(response) = own_record(&page, &state).await {
        return response;
    }
    let choice = ConsentChoice {
        share_with_employers: field(&fields, "share_with_employers") == Some("true"),
        receive_messages: field(&fields, "receive_messages") == Some("true"),
    };
    match set_consent(&state, &page.caller, choice).await {
        Ok(_) => see_other("/nguoi-lao-dong/du-lieu?da-luu=1"),
        Err(error) => WebError::from(error).render(&page),
    }
}

/// Asks for the worker's data to be erased (consents are withdrawn at
/// once; an officer decides the erasure).
pub async fn ask_deletion(
    State(state): State<AppState>,
    Posted(page, fields): Posted<Fields>,
) -> Response {
    if let Err(response) = own_record(&page, &state).await {
        return response;
    }
    let form = DeletionRequestForm {
        reason: optional(&fields, "reason"),
    };
    match request_deletion(&state, &page.caller, form).await {
        Ok(_) => see_other("/nguoi-lao-dong/du-lieu"),
        Err(error) if error.status.is_client_error() => {
            WebError::new(StatusCode::BAD_REQUEST, error.message_vi, error.message_en).render(&page)
        }
        Err(error) => WebError::from(error).render(&page),
    }
}
