//! The glue, played as the browser glue plays it: one input to a session, then every action it
//! asks for executed in order, every event handed to that client's listener, and its timer set
//! again from `poll_timeout`. A task runs its inputs one after another: a write of storage
//! gives the other clients of the same document `stored_elsewhere` right after it (no storage
//! event fires in the writing document) and schedules `storage` events to the other tabs; a
//! coalesced `Save` is written at the end of the task. A reload drops every session of a tab
//! and makes and restores new ones.

use cloudinary_delete_token::{
    Error, PublicId,
    cloudinary::{FormRequest, UploadResponse},
    destroy::{ParamsToSign, Signed},
    session::{Action, CallId, Persist, Reply, RequestId, Session},
    store::Stored,
    time::Millis,
    upload::{MultipartRequest, UploadOptions},
};

use crate::{
    checks::Call,
    cloud::{Answer, TOKEN_MARK},
    listener::Look,
    net::Kind,
    signer::{self, Behaviour},
    world::{Due, World},
};

/// One input to a session.
#[derive(Debug)]
pub enum Input {
    Restore,
    Record(UploadResponse),
    Delete(PublicId),
    DeleteAll(usize),
    Forget(PublicId),
    Upload(u64),
    Replied(RequestId, Result<Answer, Error>),
    Uploaded(CallId, Result<(u16, UploadResponse), Error>),
    Signed(RequestId, Result<Signed, Error>),
    Locked(RequestId, bool),
    Elsewhere(Stored),
    Timeout,
}

/// More inputs than this in one task: clients answering each other's writes forever.
const TASK_BUDGET: u32 = 2_000;

impl World {
    /// Runs one task: `input` to `client`, and everything it sets off in the same task.
    pub fn task(&mut self, client: usize, input: Input) {
        self.work.push_back((client, input));
        let mut budget = TASK_BUDGET;
        loop {
            while let Some((c, input)) = self.work.pop_front() {
                budget -= 1;
                if budget == 0 {
                    self.work.clear();
                    return self.fail(
                        "livelock: clients of one document answer each other's writes forever"
                            .into(),
                    );
                }
                self.input(c, input);
                if self.failure.is_some() {
                    return self.work.clear();
                }
            }
            let pending = std::mem::take(&mut self.pending_saves);
            if pending.is_empty() {
                return;
            }
            for c in pending {
                if self.browser.clients[c].save_pending && self.browser.clients[c].alive() {
                    self.write(c);
                }
            }
        }
    }

    fn session(&mut self, c: usize) -> &mut Session {
        self.browser.clients[c].session.as_mut().expect("alive")
    }

    /// Gives `input` to client `c`, then drains it.
    fn input(&mut self, c: usize, input: Input) {
        if !self.browser.clients[c].alive() {
            return;
        }
        self.stats.inputs += 1;
        let tab = self.browser.clients[c].tab;
        let (now, wall) = (self.browser.page_now(tab, self.t), self.wall());
        let persist = self.browser.clients[c].persist();
        self.trace
            .note(self.t, || format!("c{c} <- {}", describe(&input)));
        let mut forgot = None;
        let fired = matches!(input, Input::Timeout);
        match input {
            Input::Restore => {
                let stored = self.browser.read(tab, persist);
                self.saw(c, stored.as_ref());
                self.session(c).restore(Ok(stored), now, wall);
            }
            Input::Record(response) => {
                if let Some(token) = token_of(&response) {
                    self.checks.handed(&token, self.t);
                }
                let entry = self.session(c).record(response, now);
                if let Err(e) = self.checks.returned(&format!("{entry:?}")) {
                    self.fail(e);
                }
            }
            Input::Delete(id) => {
                let call = self.session(c).delete(&id, now);
                self.checks.called(c, call, Call::Delete(id));
            }
            Input::DeleteAll(concurrency) => {
                let call = self.session(c).delete_all(concurrency, now);
                self.checks.called(c, call, Call::All);
            }
            Input::Forget(id) => {
                self.session(c).forget(&id, now);
                forgot = Some(id);
            }
            Input::Upload(size) => {
                let random = self.rng.u64(..);
                let call = self
                    .session(c)
                    .upload(size, &UploadOptions::default(), random, now);
                self.checks.called(c, call, Call::Upload);
            }
            Input::Replied(request, answer) => {
                let reply = answer.map(|a| Reply {
                    status: a.status,
                    body: a.delete_reply(),
                    retry_after: a.retry_after.map(Millis),
                });
                self.session(c).replied(request, reply, now);
            }
            Input::Uploaded(call, reply) => {
                let reply = reply.map(|(status, body)| Reply {
                    status,
                    body: Ok(body),
                    retry_after: None,
                });
                self.session(c).uploaded(call, reply, now);
            }
            Input::Signed(request, answer) => self.session(c).signed(request, answer, now),
            Input::Locked(request, contended) => {
                // Its own storage, whichever it is.
                let stored = self.browser.read(tab, persist);
                self.saw(c, stored.as_ref());
                self.session(c)
                    .locked(request, Ok(stored), contended, now, wall);
            }
            Input::Elsewhere(stored) => {
                self.saw(c, Some(&stored));
                self.session(c).stored_elsewhere(stored, now, wall);
            }
            Input::Timeout => self.session(c).handle_timeout(now),
        }
        self.drain(c, forgot.as_ref(), fired);
    }

    /// Client `c` reads `stored`.
    fn saw(&mut self, c: usize, stored: Option<&Stored>) {
        let wall = self.wall().0;
        let ledger = self.browser.clients[c]
            .session
            .as_ref()
            .expect("alive")
            .ledger();
        self.checks.saw(c, ledger, stored, wall);
    }

    /// Executes every action of `c`, hands its events to its listener, and sets its timer.
    fn drain(&mut self, c: usize, forgot: Option<&PublicId>, fired: bool) {
        while let Some(action) = self.session(c).poll_action() {
            self.execute(c, action);
        }
        let mut events = Vec::new();
        while let Some(e) = self.session(c).poll_event() {
            events.push(e);
        }
        self.trace
            .note(self.t, || format!("c{c} events {events:?}"));
        let client = &self.browser.clients[c];
        let ledger = client.session.as_ref().expect("alive").ledger();
        let result = self
            .checks
            .listened(c, client.group, ledger, &events, forgot, &self.cloud);
        if let Err(e) = result {
            self.fail(e);
        }
        self.set_timer(c, fired);
    }

    fn execute(&mut self, c: usize, action: Action) {
        self.trace.note(self.t, || format!("c{c} -> {action:?}"));
        match action {
            Action::Post { request, form } => self.post(c, request, form),
            Action::Sign { request, params } => self.sign(c, request, params),
            Action::Upload { call, part } => self.upload_part(c, call, part),
            Action::Lock { request, name } => {
                // Web Locks are the origin's: any client may take one, whatever its storage.
                if self.browser.request_lock(&name, c, request) {
                    let at = self.t + self.rng.u64(0..=3);
                    self.schedule(at, Due::Grant(name));
                }
            }
            Action::Release { request } => {
                self.write(c);
                match self.browser.release(c, request) {
                    None => self.fail(format!("c{c} released a lock it does not hold")),
                    Some((name, waiting)) => {
                        if let Some(asset) = name.splitn(3, ':').nth(2) {
                            self.checks.released(c, asset);
                        }
                        if waiting {
                            let at = self.t + self.rng.u64(0..=3);
                            self.schedule(at, Due::Grant(name));
                        }
                    }
                }
            }
            Action::SaveNow => self.write(c),
            Action::Save if self.knobs.coalesce_saves => {
                if !self.browser.clients[c].save_pending {
                    self.browser.clients[c].save_pending = true;
                    self.pending_saves.push(c);
                }
            }
            Action::Save => self.write(c),
            Action::Answer { call, answer } => {
                let result = self.checks.answered(c, call, &answer, &self.cloud);
                if let Err(e) = result {
                    self.fail(e);
                }
            }
        }
    }

    fn post(&mut self, c: usize, request: RequestId, form: FormRequest) {
        if form.url.contains(TOKEN_MARK) {
            return self.fail(format!("c{c} put a token in a URL: {}", form.url));
        }
        let token = form
            .fields
            .iter()
            .find(|(k, _)| k == "token")
            .map(|(_, v)| v.clone());
        let asset = self.asset_of(&form);
        let id = self.net.next_id();
        let result = self.checks.posting(c, id, asset, token.as_deref(), self.t);
        if let Err(e) = result {
            return self.fail(e);
        }
        self.send(c, Kind::Delete { request, form });
    }

    fn sign(&mut self, c: usize, request: RequestId, params: ParamsToSign) {
        if !self.browser.clients[c].plan.signer {
            return self.fail(format!("c{c} has no signer but asked for a signature"));
        }
        if format!("{params:?}").contains(TOKEN_MARK) {
            return self.fail(format!("c{c} gave its signer a token"));
        }
        let behaviour = Behaviour::draw(&mut self.rng, &self.knobs.signer);
        let latency = match self.rng.f64() < self.knobs.signer.slow {
            true => self.rng.u64(2_000..=30_000),
            false => self.rng.u64(5..=300),
        };
        let answer = signer::answer(behaviour, &params, self.wall().0 / 1_000);
        let due = Due::Signer {
            client: c,
            request,
            answer,
        };
        self.schedule(self.t + latency, due);
    }

    fn upload_part(&mut self, c: usize, call: CallId, part: MultipartRequest) {
        self.send(c, Kind::Upload { call, part });
    }

    /// Writes `c`'s snapshot to its storage, and tells the clients that share it.
    pub fn write(&mut self, c: usize) {
        let (tab, persist) = (
            self.browser.clients[c].tab,
            self.browser.clients[c].persist(),
        );
        let (now, wall) = (self.browser.page_now(tab, self.t), self.wall());
        let stored = self.session(c).snapshot(now, wall);
        self.browser.clients[c].save_pending = false;
        if persist == Persist::Nothing {
            return self.fail(format!("c{c} has no storage but asked to write it"));
        }
        if let Err(e) = self.checks.stored(&stored, self.t) {
            return self.fail(format!("c{c} wrote {e}"));
        }
        // `setItem` of the value already there, or `removeItem` of a key not there, changes
        // nothing: no `storage` event fires.
        let unchanged = match persist {
            Persist::Shared if stored.entries.is_empty() => self.browser.local.is_none(),
            Persist::Shared => self.browser.local.as_ref() == Some(&stored),
            _ => false,
        };
        self.browser.write(tab, persist, &stored);
        if persist == Persist::Shared {
            self.checks.published(&stored);
        }
        let same =
            |b: &crate::browser::Browser, d: usize| d != c && b.clients[d].persist() == persist;
        let siblings: Vec<usize> = (self.browser.tabs[tab].clients.iter().copied())
            .filter(|&d| same(&self.browser, d))
            .collect();
        for d in siblings {
            self.work.push_back((d, Input::Elsewhere(stored.clone())));
        }
        // A removed key's event carries no value: the glue hands on an empty snapshot.
        if persist != Persist::Shared || unchanged {
            return;
        }
        for other in (0..self.browser.tabs.len()).filter(|&o| o != tab) {
            let delay = self
                .rng
                .u64(self.knobs.storage_delay.0..=self.knobs.storage_delay.1);
            let at = (self.t + delay).max(self.browser.tabs[other].last_event);
            self.browser.tabs[other].last_event = at;
            let copy = (!stored.entries.is_empty()).then(|| stored.clone());
            self.schedule(
                at,
                Due::Copy {
                    tab: other,
                    stored: copy,
                },
            );
            let targets: Vec<usize> = (self.browser.tabs[other].clients.iter().copied())
                .filter(|&d| self.browser.clients[d].persist() == Persist::Shared)
                .collect();
            for d in targets {
                self.schedule(
                    at,
                    Due::Storage {
                        client: d,
                        stored: stored.clone(),
                    },
                );
            }
        }
    }

    /// Sets `c`'s timer from `poll_timeout` (the same due keeps the timer it has).
    fn set_timer(&mut self, c: usize, fired: bool) {
        let due = self.session(c).poll_timeout();
        let tab = self.browser.clients[c].tab;
        let now = self.browser.page_now(tab, self.t);
        let client = &mut self.browser.clients[c];
        // A session whose timer fired and that asks for a time already past again, forever.
        if fired {
            client.idle_timers = match due.is_some_and(|d| d <= now) {
                true => client.idle_timers + 1,
                false => 0,
            };
        }
        if client.idle_timers > 1_000 {
            return self.fail(format!("c{c} asks for a timer in the past forever"));
        }
        if due == client.timer {
            return;
        }
        client.timer = due;
        client.timer_gen += 1;
        let generation = client.timer_gen;
        let Some(at) = due else {
            return;
        };
        let late = match self.rng.f64() < self.knobs.late_timer {
            true => self.rng.u64(self.knobs.late_by.0..=self.knobs.late_by.1),
            false => self.rng.u64(0..=4),
        };
        let at = self.browser.sim_time(tab, at).max(self.t) + late;
        self.schedule(
            at,
            Due::Timer {
                client: c,
                generation,
            },
        );
    }

    /// Loads `tab`'s page: its clients made and restored in order.
    pub fn load(&mut self, tab: usize) {
        self.browser.tabs[tab].loaded_at = self.t;
        for plan in self.knobs.tabs[tab].clone() {
            let c = self.browser.make_client(tab, plan, &self.knobs);
            self.task(c, Input::Restore);
        }
    }

    /// Reloads `tab`: its sessions vanish (requests in flight go on without them), its locks
    /// are released, and the page loads again.
    pub fn reload(&mut self, tab: usize) {
        self.stats.reloads += 1;
        let old = std::mem::take(&mut self.browser.tabs[tab].clients);
        for &c in &old {
            let session = self.browser.clients[c].session.take().expect("alive");
            let entries = (session.ledger().entries().iter())
                .map(|e| {
                    let end = e.keep_until().unwrap_or(e.deadline).max(e.deadline);
                    (
                        e.public_id.to_string(),
                        Look::of(e),
                        self.browser.sim_time(tab, end),
                    )
                })
                .collect();
            self.checks.died(c, self.t, entries);
        }
        for name in self.browser.drop_locks(&old) {
            let at = self.t + self.rng.u64(0..=3);
            self.schedule(at, Due::Grant(name));
        }
        self.load(tab);
    }
}

/// The token of a response handed to `record`, widget-shaped or not.
fn token_of(r: &UploadResponse) -> Option<String> {
    r.delete_token
        .clone()
        .or_else(|| r.info.as_ref()?.delete_token.clone())
}

/// An input, short, for the trace (never a token: `Debug` of the crate's types redacts them,
/// and responses and snapshots are summarised).
fn describe(input: &Input) -> String {
    match input {
        Input::Record(r) => format!(
            "record {:?}",
            r.public_id
                .as_ref()
                .or(r.info.as_ref().and_then(|i| i.public_id.as_ref()))
        ),
        Input::Uploaded(call, r) => format!(
            "uploaded {call:?} {:?}",
            r.as_ref().map(|(s, b)| (s, &b.public_id, b.done))
        ),
        Input::Elsewhere(s) => format!("stored_elsewhere {:?}", summary(s)),
        other => format!("{other:?}"),
    }
}

/// `public_id:state` of each stored entry.
pub fn summary(s: &Stored) -> Vec<String> {
    s.entries
        .iter()
        .map(|e| format!("{}:{}", e.public_id, e.state))
        .collect()
}
