//! A browser-like client for the pages over HTTP: its own cookie jar,
//! the CSRF token read from the last page, forms posted as browsers post
//! them. (The browser tests drive Chromium; these check every page's
//! answers and denials fast, on both engines.)

use reqwest::StatusCode;

use crate::helpers::{TestApp, PASSWORD};

pub struct Web<'a> {
    pub app: &'a TestApp,
    pub client: reqwest::Client,
    /// The CSRF token of the last page read.
    pub csrf: String,
}

/// A page as read: status, final path (after redirects) and body.
pub struct Html {
    pub status: StatusCode,
    pub path: String,
    pub body: String,
}

impl Html {
    pub fn has(&self, text: &str) -> bool {
        self.body.contains(text)
    }
}

/// The value of `name="_csrf"` in a page, if any.
pub fn csrf_of(body: &str) -> Option<String> {
    let start = body.find("name=\"_csrf\" value=\"")? + "name=\"_csrf\" value=\"".len();
    let end = body[start..].find('"')? + start;
    Some(body[start..end].to_owned())
}

impl<'a> Web<'a> {
    pub fn new(app: &'a TestApp) -> Web<'a> {
        Web {
            app,
            client: reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .unwrap(),
            csrf: String::new(),
        }
    }

    async fn read(&mut self, response: reqwest::Response) -> Html {
        let status = response.status();
        let path = response.url().path().to_owned();
        let body = response.text().await.unwrap();
        if let Some(token) = csrf_of(&body) {
            self.csrf = token;
        }
        Html { status, path, body }
    }

    pub async fn get(&mut self, path: &str) -> Html {
        let response = self
            .client
            .get(format!("{}{path}", self.app.address))
            .send()
            .await
            .unwrap();
        self.read(response).await
    }

    /// Posts a form with the current CSRF token (read a page first).
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Html {
        let mut form: Vec<(&str, &str)> = vec![("_csrf", self.csrf.as_str())];
        form.extend_from_slice(fields);
        let body = serde_urlencoded::to_string(&form).unwrap();
        let response = self
            .client
            .post(format!("{}{path}", self.app.address))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        self.read(response).await
    }

    /// Posts a form without any token (as another site would).
    pub async fn post_without_token(&mut self, path: &str, fields: &[(&str, &str)]) -> Html {
        let body = serde_urlencoded::to_string(fields).unwrap();
        let response = self
            .client
            .post(format!("{}{path}", self.app.address))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        self.read(response).await
    }

    /// Logs in through the login page with the test password.
    pub async fn login(&mut self, username: &str) -> Html {
        self.get("/dang-nhap").await;
        let page = self
            .post(
                "/dang-nhap",
                &[("username", username), ("password", PASSWORD)],
            )
            .await;
        assert!(
            !page.has("Chưa đăng nhập được"),
            "login of {username} failed: {}",
            page.status
        );
        page
    }
}
