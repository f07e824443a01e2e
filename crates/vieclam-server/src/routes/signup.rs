//! Public sign-up over HTTP: a worker or an employer makes their own
//! account with their record (`selfservice` holds the logic, shared with
//! the web pages). The client logs in next with the phone (or e-mail) as
//! username.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::{Extension, Json};

use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::selfservice::{EmployerSignup, SignupView, WorkerSignup};
use crate::AppState;

/// The client's address, which the sign-up throttle counts.
type Peer = Option<Extension<ConnectInfo<SocketAddr>>>;

fn address_of(peer: Peer) -> Option<std::net::IpAddr> {
    peer.map(|Extension(ConnectInfo(peer))| peer.ip())
}

/// Signs up a worker: an account (login: the phone, else the e-mail) and
/// the worker's own record, linked, in one go.
#[utoipa::path(
    post,
    path = "/api/v1/signup/worker",
    tag = "self-service",
    request_body = WorkerSignup,
    responses(
        (status = 201, description = "Signed up; log in next", body = SignupView),
        (status = 400, description = "Fields to correct, each named (`fields_invalid`)", body = ErrorBody),
        (status = 409, description = "A worker with this citizen ID is on file (`worker_on_file`: ask the commune's officer), or the login is taken (`username_taken`)", body = ErrorBody),
        (status = 429, description = "Too many sign-ups from this address this hour", body = ErrorBody),
    )
)]
pub async fn signup_worker(
    State(state): State<AppState>,
    peer: Peer,
    ApiJson(form): ApiJson<WorkerSignup>,
) -> Result<(StatusCode, Json<SignupView>), ApiError> {
    let signed_up = crate::selfservice::signup_worker(&state, address_of(peer), form).await?;
    Ok((StatusCode::CREATED, Json(SignupView::from(&signed_up))))
}

/// Signs up an employer: an account and the employer's record, linked, in
/// one go.
#[utoipa::path(
    post,
    path = "/api/v1/signup/employer",
    tag = "self-service",
    request_body = EmployerSignup,
    responses(
        (status = 201, description = "Signed up; log in next", body = SignupView),
        (status = 400, description = "Fields to correct, each named (`fields_invalid`)", body = ErrorBody),
        (status = 409, description = "The tax code is registered (`employer_on_file`, naming the unit that keeps it), or the login is taken (`username_taken`)", body = ErrorBody),
        (status = 429, description = "Too many sign-ups from this address this hour", body = ErrorBody),
    )
)]
pub async fn signup_employer(
    State(state): State<AppState>,
    peer: Peer,
    ApiJson(form): ApiJson<EmployerSignup>,
) -> Result<(StatusCode, Json<SignupView>), ApiError> {
    let signed_up = crate::selfservice::signup_employer(&state, address_of(peer), form).await?;
    Ok((StatusCode::CREATED, Json(SignupView::from(&signed_up))))
}
