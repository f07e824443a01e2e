//! Invitations to apply: an employer invites a recommended worker (who
//! consented to being shown to employers) to apply to one of its
//! vacancies; the worker accepts — which applies, and so shares their
//! contact with the employer — or declines. One invitation per vacancy and
//! worker; an answer is final.

use crate::coded::coded;
use crate::ExchangeError;

coded! {
    /// Where an invitation stands.
    InvitationState, "Trạng thái lời mời", "invitation state" {
        Sent = "sent", "Đã gửi lời mời", "Sent";
        Accepted = "accepted", "Đã nhận lời, đã ứng tuyển", "Accepted";
        Declined = "declined", "Đã từ chối", "Declined";
    }
}

impl InvitationState {
    /// Checks an answer: only a sent invitation is answered, once.
    pub fn check_answer(self, to: InvitationState) -> Result<(), ExchangeError> {
        match (self, to) {
            (InvitationState::Sent, InvitationState::Accepted | InvitationState::Declined) => {
                Ok(())
            }
            _ => Err(ExchangeError::BadMove {
                what_vi: "lời mời",
                what_en: "invitation",
                from: self.as_str(),
                to: to.as_str(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_sent_invitation_is_answered() {
        use InvitationState::*;
        for (from, to, allowed) in [
            (Sent, Accepted, true),
            (Sent, Declined, true),
            (Sent, Sent, false),
            (Accepted, Declined, false),
            (Declined, Accepted, false),
            (Accepted, Accepted, false),
        ] {
            assert_eq!(from.check_answer(to).is_ok(), allowed, "{from} → {to}");
        }
        assert_eq!(InvitationState::parse("accepted").unwrap(), Accepted);
        assert!(InvitationState::parse("maybe").is_err());
    }
}
