//! Answers requests off the thread that accepts them, each connection on a thread of its
//! own, at most [`MAX_ANSWERING`] connections at once. A client that sends request after
//! request and never reads the answers blocks only its own thread (tiny_http writes a
//! connection's answers in order, so one thread per connection is all it can use);
//! connections beyond the bound wait in line for a thread, oldest first.

use std::collections::{HashMap, HashSet, VecDeque};
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// How many connections are answered at once. A browser opens at most six per server;
/// the rest is room for several tabs and a few stuck clients.
pub const MAX_ANSWERING: usize = 32;

/// The requests not yet answered, per connection, and which connections have a thread.
struct Queues<K, T> {
    waiting: HashMap<K, VecDeque<T>>,
    answering: HashSet<K>,
    in_line: VecDeque<K>,
}

/// Hands requests to connection threads; `answer` is called for each, in the order the
/// connection sent them.
pub struct Connections<K, T, F> {
    queues: Mutex<Queues<K, T>>,
    answer: F,
    limit: usize,
}

impl<K, T, F> Connections<K, T, F>
where
    K: Eq + Hash + Clone + Send + 'static,
    T: Send + 'static,
    F: Fn(T) + Send + Sync + 'static,
{
    pub fn new(limit: usize, answer: F) -> Arc<Self> {
        let queues = Queues { waiting: HashMap::new(), answering: HashSet::new(), in_line: VecDeque::new() };
        Arc::new(Self { queues: Mutex::new(queues), answer, limit: limit.max(1) })
    }

    /// Queues `request` of `connection`, and starts a thread for the connection when it
    /// has none and the bound allows.
    pub fn hand_over(self: &Arc<Self>, connection: K, request: T) {
        let Ok(mut queues) = self.queues.lock() else { return };
        queues.waiting.entry(connection.clone()).or_default().push_back(request);
        if queues.answering.contains(&connection) || queues.in_line.contains(&connection) {
            return;
        }
        if queues.answering.len() < self.limit {
            queues.answering.insert(connection.clone());
            drop(queues);
            let connections = Arc::clone(self);
            std::thread::spawn(move || connections.answer_in_turn(connection));
        } else {
            queues.in_line.push_back(connection);
        }
    }

    /// Answers the connection's requests until none waits, then takes over the next
    /// connection in line, or ends.
    fn answer_in_turn(&self, mut connection: K) {
        loop {
            let next = {
                let Ok(mut queues) = self.queues.lock() else { return };
                match queues.waiting.get_mut(&connection).and_then(VecDeque::pop_front) {
                    Some(request) => request,
                    None => {
                        queues.waiting.remove(&connection);
                        queues.answering.remove(&connection);
                        let Some(following) = queues.in_line.pop_front() else { return };
                        queues.answering.insert(following.clone());
                        connection = following;
                        continue;
                    }
                }
            };
            (self.answer)(next);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;
    use std::time::Duration;

    use super::*;

    /// A request in the tests: its connection and number, and a gate it waits at.
    type Request = (char, u32, mpsc::Receiver<()>);

    #[test]
    fn a_stuck_connection_holds_one_thread_and_others_are_answered_in_order() {
        let (started, starts) = mpsc::channel::<(char, u32)>();
        let busy = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let (busy_in, most_in) = (Arc::clone(&busy), Arc::clone(&most));
        let started = Mutex::new(started);
        let connections = Connections::new(2, move |(connection, number, gate): Request| {
            let now = busy_in.fetch_add(1, Ordering::SeqCst) + 1;
            most_in.fetch_max(now, Ordering::SeqCst);
            let _ = started.lock().map(|s| s.send((connection, number)));
            let _ = gate.recv();
            busy_in.fetch_sub(1, Ordering::SeqCst);
        });
        let mut gates = std::collections::HashMap::new();
        for (connection, number) in [('a', 1), ('a', 2), ('b', 1), ('b', 2), ('c', 1)] {
            let (open, gate) = mpsc::channel();
            connections.hand_over(connection, (connection, number, gate));
            gates.insert((connection, number), open);
        }
        let next = || starts.recv_timeout(Duration::from_secs(30)).expect("a request is answered");
        let open = |which: (char, u32)| gates.get(&which).map(|gate| gate.send(()));
        // `a` never reads: its first answer never ends. Two threads, so `a` and `b` start.
        let mut first_two = [next(), next()];
        first_two.sort();
        assert_eq!(first_two, [('a', 1), ('b', 1)]);
        open(('b', 1));
        assert_eq!(next(), ('b', 2), "a connection's requests are answered in order");
        open(('b', 2));
        assert_eq!(next(), ('c', 1), "the connection in line gets the freed thread");
        open(('c', 1));
        open(('a', 1));
        assert_eq!(next(), ('a', 2), "the stuck connection goes on once it reads");
        open(('a', 2));
        assert!(most.load(Ordering::SeqCst) <= 2, "never more than the bound at once");
    }
}
