//! What the emulator saw: a log of every request, from which tests count per route.

use std::sync::Mutex;

use crate::auth::TokenKind;
use crate::faults::Route;
use crate::sync::lock;

/// One request the emulator received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedRequest {
    /// HTTP method.
    pub method: String,
    /// The HTTP version the request came over: `"HTTP/1.1"`, or `"HTTP/2.0"` when HTTPS mode
    /// negotiated HTTP/2.
    pub version: String,
    /// Request path, without the query string.
    pub path: String,
    /// The route, if the path belongs to one.
    pub route: Option<Route>,
    /// The kind of bearer token the request carried.
    pub token: TokenKind,
    /// The status answered; `None` while the request is being handled, or when the client went
    /// away before the answer was ready.
    pub status: Option<u16>,
}

/// The request log. Entries carry a sequence number so that a request still in flight when the
/// log is cleared cannot finish someone else's entry.
#[derive(Debug, Default)]
pub(crate) struct Observations {
    log: Mutex<Log>,
}

#[derive(Debug, Default)]
struct Log {
    next: u64,
    entries: Vec<(u64, LoggedRequest)>,
}

/// Identifies a logged request until its answer is recorded.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ticket(u64);

impl Observations {
    /// Records a request as it arrives.
    pub(crate) fn begin(&self, request: LoggedRequest) -> Ticket {
        let mut log = lock(&self.log);
        let seq = log.next;
        log.next += 1;
        log.entries.push((seq, request));
        Ticket(seq)
    }

    /// Records the status answered to the request behind `ticket`.
    pub(crate) fn finish(&self, ticket: Ticket, status: u16) {
        let mut log = lock(&self.log);
        // Sequence numbers only grow, so the entries stay sorted by them.
        if let Ok(index) = log.entries.binary_search_by_key(&ticket.0, |(seq, _)| *seq) {
            log.entries[index].1.status = Some(status);
        }
    }

    pub(crate) fn requests(&self) -> Vec<LoggedRequest> {
        lock(&self.log)
            .entries
            .iter()
            .map(|(_, entry)| entry.clone())
            .collect()
    }

    pub(crate) fn count(&self, route: Route) -> usize {
        lock(&self.log)
            .entries
            .iter()
            .filter(|(_, entry)| entry.route == Some(route))
            .count()
    }

    /// Forgets everything seen so far.
    pub(crate) fn clear(&self) {
        lock(&self.log).entries.clear();
    }
}
