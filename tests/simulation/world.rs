//! The world of one seed: a simulated clock, everything that is due at some time (a user's next
//! action, a request reaching Cloudinary or its reply a page, the signer's answer, a timer, a
//! `storage` event, a lock granted, a page's own upload) in one queue ordered by time and then
//! by the order it was scheduled, and the loop that takes one at a time and checks every
//! invariant after it. Nothing here reads a real clock or a thread: a seed is a pure function.

use std::{
    cmp::Reverse,
    collections::{BinaryHeap, VecDeque},
};

use cloudinary_delete_token::{
    Error, destroy::Signed, session::RequestId, store::Stored, time::Millis,
};
use fastrand::Rng;

use crate::{
    browser::Browser, checks::Checks, cloud::Cloud, glue::Input, knobs::Knobs, net::Net, ops::Shape,
};

/// The wall clock (`Date.now()`) when the simulation starts.
const WALL_EPOCH: u64 = 1_760_000_000_000;

/// Something due at a time.
#[derive(Debug)]
pub enum Due {
    /// The user does the next thing.
    User,
    ServerGets(u64),
    ReplyArrives(u64),
    Signer {
        client: usize,
        request: RequestId,
        answer: Result<Signed, Error>,
    },
    Timer {
        client: usize,
        generation: u64,
    },
    Storage {
        client: usize,
        stored: Stored,
    },
    /// Another tab's write reaches `tab`'s copy of `localStorage` (`None`: the key removed).
    Copy {
        tab: usize,
        stored: Option<Stored>,
    },
    Grant(String),
    /// The page's own upload reaches Cloudinary (`client`: the one the page means to tell).
    PageUpload {
        client: usize,
        token: bool,
        shape: Shape,
    },
    /// Its response reaches the page.
    PageRecord {
        client: usize,
        public_id: String,
        shape: Shape,
    },
}

/// Counts for the closing line.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub user_ops: u64,
    pub steps: u64,
    pub inputs: u64,
    pub requests: u64,
    pub deleted: u64,
    pub reloads: u64,
    /// Entries past their window when their page reloaded (ended, unheard).
    pub expired_unheard: u64,
    /// Deletes a reload cut off after their window, dropped unsettled.
    pub interrupted_late: u64,
}

impl Stats {
    pub fn add(&mut self, o: &Stats) {
        self.user_ops += o.user_ops;
        self.steps += o.steps;
        self.inputs += o.inputs;
        self.requests += o.requests;
        self.deleted += o.deleted;
        self.reloads += o.reloads;
        self.expired_unheard += o.expired_unheard;
        self.interrupted_late += o.interrupted_late;
    }
}

/// The last steps, kept only when a failing seed is replayed to be shown.
#[derive(Debug, Default)]
pub struct Trace {
    /// How many lines to keep (0: none).
    pub keep: usize,
    pub lines: VecDeque<String>,
}

impl Trace {
    pub fn note(&mut self, t: u64, line: impl FnOnce() -> String) {
        if self.keep > 0 {
            self.lines.push_back(format!("t={t:>10} {}", line()));
            if self.lines.len() > self.keep {
                self.lines.pop_front();
            }
        }
    }
}

/// Why a seed failed.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub step: u64,
    pub t: u64,
    pub trace: Vec<String>,
}

pub struct World {
    pub rng: Rng,
    pub knobs: Knobs,
    /// Sim time, ms.
    pub t: u64,
    queue: BinaryHeap<Reverse<(u64, u64)>>,
    /// What is due, by the order it was scheduled (a slab: ids only grow).
    dues: Vec<Option<Due>>,
    seq: u64,
    pub cloud: Cloud,
    pub browser: Browser,
    pub net: Net,
    pub checks: Checks,
    /// Inputs of the current task not yet given (`glue::World::task`).
    pub work: VecDeque<(usize, Input)>,
    /// Clients whose coalesced `Save` waits for the end of the task.
    pub pending_saves: Vec<usize>,
    pub trace: Trace,
    pub failure: Option<String>,
    pub stats: Stats,
    /// User actions still to come.
    pub users_left: u64,
}

impl World {
    fn new(seed: u64, ops: u64, trace: usize) -> Self {
        let mut rng = Rng::with_seed(seed);
        let knobs = Knobs::draw(&mut rng);
        Self {
            cloud: Cloud::new(knobs.lifetime),
            browser: Browser::new(knobs.tabs.len()),
            checks: Checks::new(knobs.window()),
            knobs,
            rng,
            t: 0,
            queue: BinaryHeap::new(),
            dues: vec![None],
            seq: 0,
            net: Net::default(),
            work: VecDeque::new(),
            pending_saves: Vec::new(),
            trace: Trace {
                keep: trace,
                lines: VecDeque::new(),
            },
            failure: None,
            stats: Stats::default(),
            users_left: ops,
        }
    }

    /// The wall clock now.
    pub fn wall(&self) -> Millis {
        Millis(WALL_EPOCH + self.t)
    }

    pub fn schedule(&mut self, at: u64, due: Due) {
        self.seq += 1;
        self.queue.push(Reverse((at.max(self.t), self.seq)));
        self.dues.push(Some(due));
    }

    /// Records the first violation; the loop stops after this step.
    pub fn fail(&mut self, message: String) {
        if self.failure.is_none() {
            self.trace.note(self.t, || format!("VIOLATION: {message}"));
            self.failure = Some(message);
            self.dump();
        }
    }

    /// Every live client's live and deleting entries into the trace: where they stood when it
    /// failed (the ended ones only counted).
    fn dump(&mut self) {
        for c in self.browser.alive().collect::<Vec<_>>() {
            let client = &self.browser.clients[c];
            let now = self.browser.page_now(client.tab, self.t);
            let session = client.session.as_ref().expect("alive");
            let all = session.ledger().entries();
            let open = |e: &&cloudinary_delete_token::ledger::Entry| e.delete_via().is_some();
            let ended = all.iter().filter(|e| !open(e)).count();
            let entries: Vec<String> = (all.iter().filter(open))
                .map(|e| {
                    let (state, via) = (e.state(), e.delete_via());
                    format!(
                        "{}:{state:?}/{via:?} deadline {} keep {:?}",
                        e.public_id,
                        e.deadline.0,
                        e.keep_until()
                    )
                })
                .collect();
            let (plan, poll) = (client.plan, session.poll_timeout());
            self.trace.note(self.t, || {
                format!(
                    "c{c} tab {} {plan:?} now {} timer {poll:?}: {entries:?} and {ended} ended",
                    client.tab, now.0
                )
            });
        }
    }

    fn step(&mut self, due: Due) {
        match due {
            Due::User => self.user_op(),
            Due::ServerGets(id) => self.server_gets(id),
            Due::ReplyArrives(id) => self.reply_arrives(id),
            Due::Signer {
                client,
                request,
                answer,
            } => {
                if self.browser.clients[client].alive() {
                    self.task(client, Input::Signed(request, answer));
                }
            }
            Due::Timer { client, generation } => {
                let c = &mut self.browser.clients[client];
                if c.alive() && c.timer_gen == generation {
                    c.timer = None;
                    self.task(client, Input::Timeout);
                }
            }
            Due::Copy { tab, stored } => self.browser.tabs[tab].local_view = stored,
            Due::Storage { client, stored } => {
                if self.browser.clients[client].alive() {
                    self.task(client, Input::Elsewhere(stored));
                }
            }
            Due::Grant(name) => {
                if let Some((client, request, contended)) = self.browser.grant(&name) {
                    // `<storage key>:<public id>`; the key holds one colon.
                    if let Some(asset) = name.splitn(3, ':').nth(2).filter(|_| contended) {
                        self.checks.waited(client, asset);
                    }
                    self.task(client, Input::Locked(request, contended));
                }
            }
            Due::PageUpload {
                client,
                token,
                shape,
            } => self.page_upload_arrives(client, token, shape),
            Due::PageRecord {
                client,
                public_id,
                shape,
            } => self.page_record(client, &public_id, shape),
        }
    }

    /// Runs the seed: `ops` user actions, then everything they set going, with every
    /// invariant checked after each step and the end state checked last.
    pub fn run(seed: u64, ops: u64, trace: usize) -> Result<Stats, Failure> {
        let mut w = Self::new(seed, ops, trace);
        for tab in 0..w.browser.tabs.len() {
            w.load(tab);
        }
        w.schedule(0, Due::User);
        // Once the user stops, what is in flight settles; far timers (a retention's end) are
        // left, except one past every window, so that every window has closed.
        let mut horizon = u64::MAX;
        let (mut steps, mut storage_streak) = (0, 0);
        while w.failure.is_none() {
            let Some(Reverse((at, seq))) = w.queue.pop() else {
                break;
            };
            if w.users_left == 0 && horizon == u64::MAX {
                horizon = w.t + 2 * w.knobs.lifetime + 600_000;
            }
            if at > horizon {
                break;
            }
            w.t = at;
            let due = w.dues[seq as usize].take().expect("scheduled");
            // Tabs answering each other's writes forever: storage events and nothing else.
            storage_streak = match due {
                Due::Storage { .. } | Due::Copy { .. } => storage_streak + 1,
                _ => 0,
            };
            if storage_streak > 5_000 {
                w.fail("livelock: tabs answer each other's writes forever".into());
            }
            if steps > 1_000 * ops + 100_000 {
                w.fail(format!("the world never settles: {steps} steps"));
            }
            w.step(due);
            steps += 1;
        }
        if w.failure.is_none() {
            w.finish();
        }
        w.stats.steps = steps;
        w.stats.requests = w.net.sent;
        w.stats.deleted = w.cloud.deleted.0 + w.cloud.deleted.1;
        w.stats.expired_unheard = w.checks.expired_unheard;
        w.stats.interrupted_late = w.checks.interrupted_late;
        match w.failure.take() {
            None => Ok(w.stats),
            Some(message) => Err(Failure {
                message,
                step: steps,
                t: w.t,
                trace: w.trace.lines.into_iter().collect(),
            }),
        }
    }

    /// The invariants of the end: every call answered, nothing stuck, no upload lost.
    fn finish(&mut self) {
        let result = self.checks.at_end(&self.browser, &self.cloud);
        if let Err(e) = result {
            self.fail(e);
        }
    }
}
