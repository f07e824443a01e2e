//! Registrations for a session: employers take booths and bring vacancies,
//! workers take seats. When the booths or the seats are all taken, the
//! next registrations wait in line, in the order they came; a cancellation
//! gives its place to the first in line. One registration per worker or
//! employer per session.

use crate::coded::coded;

coded! {
    /// Who registers: a worker takes a seat, an employer a booth.
    Party, "Bên đăng ký", "registering party" {
        Worker = "worker", "Người lao động", "Worker";
        Employer = "employer", "Người sử dụng lao động", "Employer";
    }
}

coded! {
    /// Where a registration stands.
    RegistrationState, "Trạng thái đăng ký", "registration state" {
        /// Holds a seat or a booth.
        Accepted = "accepted", "Đã nhận", "Accepted";
        /// On the waiting list, at `position`.
        Waiting = "waiting", "Danh sách chờ", "Waiting list";
        Cancelled = "cancelled", "Đã hủy", "Cancelled";
    }
}

coded! {
    /// How the registration was made.
    Channel, "Hình thức đăng ký", "registration channel" {
        /// By the worker or employer themselves.
        Online = "online", "Tự đăng ký trực tuyến", "Self-registered online";
        /// By an officer on their behalf.
        Officer = "officer", "Cán bộ đăng ký hộ", "Registered by an officer";
        /// At the door, while the session runs.
        WalkIn = "walk_in", "Đăng ký tại chỗ", "Walk-in";
    }
}

/// The most vacancies one employer brings to one session.
pub const MAX_VACANCIES_PER_BOOTH: usize = 50;
