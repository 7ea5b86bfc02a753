//! The browser as the glue sees it: tabs (one document each, replaced by a reload), the clients
//! a page makes, one `localStorage` for every tab, a `sessionStorage` per tab that outlives
//! its reloads, and Web Locks (browser-wide, first come first served per name, released when
//! the document holding them goes). Plain data: `glue.rs` moves things between them.

use std::collections::{BTreeMap, VecDeque};

use cloudinary_delete_token::{
    options::{ClientOptions, StorageKind},
    session::{Persist, RequestId, Session},
    store::Stored,
    time::Millis,
};

use crate::knobs::{ClientPlan, Knobs};

/// A page clock starts here when its document loads.
const PAGE_START: u64 = 1_000;

/// Which clients see the same entries: all clients over `localStorage`, those over one tab's
/// `sessionStorage`, or one client in memory (which dies with its document).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    Shared,
    Tab(usize),
    Memory(usize),
}

/// One client of a page: its session and what the glue keeps for it.
#[derive(Debug)]
pub struct Client {
    pub tab: usize,
    pub plan: ClientPlan,
    pub group: Group,
    /// `None` once its document is gone.
    pub session: Option<Session>,
    /// The timer the glue set: when (page clock, as the session asked) and its generation.
    pub timer: Option<Millis>,
    pub timer_gen: u64,
    /// Timers that found nothing to do in a row (a session asking for a past time forever).
    pub idle_timers: u32,
    /// A coalesced `Save` waits for the end of the task.
    pub save_pending: bool,
}

impl Client {
    pub fn alive(&self) -> bool {
        self.session.is_some()
    }

    pub fn persist(&self) -> Persist {
        self.session
            .as_ref()
            .map_or(Persist::Nothing, Session::persist)
    }
}

/// One tab.
#[derive(Debug)]
pub struct Tab {
    /// Sim time its document loaded.
    pub loaded_at: u64,
    /// Its document's clients, in the order the page made them.
    pub clients: Vec<usize>,
    pub session_storage: Option<Stored>,
    /// Its copy of `localStorage`: browsers keep one per process, which another tab's writes
    /// reach when their `storage` event does, so a read can be older than a lock.
    pub local_view: Option<Stored>,
    /// `storage` events to this document are delivered in order: the last one's time.
    pub last_event: u64,
}

/// A Web Lock.
#[derive(Debug, Default)]
pub struct Lock {
    pub holder: Option<(usize, RequestId)>,
    /// Waiters, and whether each found the lock held when it asked.
    pub queue: VecDeque<(usize, RequestId, bool)>,
}

#[derive(Debug)]
pub struct Browser {
    pub tabs: Vec<Tab>,
    /// Every client ever made; a reload adds new ones.
    pub clients: Vec<Client>,
    pub local: Option<Stored>,
    /// By name; ordered, so that every walk over them is the same in every run.
    pub locks: BTreeMap<String, Lock>,
}

impl Browser {
    pub fn new(tabs: usize) -> Self {
        Self {
            tabs: (0..tabs)
                .map(|_| Tab {
                    loaded_at: 0,
                    clients: Vec::new(),
                    session_storage: None,
                    local_view: None,
                    last_event: 0,
                })
                .collect(),
            clients: Vec::new(),
            local: None,
            locks: BTreeMap::new(),
        }
    }

    /// The page clock of `tab` at sim time `t`.
    pub fn page_now(&self, tab: usize, t: u64) -> Millis {
        Millis(t - self.tabs[tab].loaded_at + PAGE_START)
    }

    /// The sim time at which `tab`'s page clock reads `at`.
    pub fn sim_time(&self, tab: usize, at: Millis) -> u64 {
        (at.0 + self.tabs[tab].loaded_at).saturating_sub(PAGE_START)
    }

    /// Makes a client of `plan` in `tab` (its session not restored yet); returns its index.
    pub fn make_client(&mut self, tab: usize, plan: ClientPlan, knobs: &Knobs) -> usize {
        let id = self.clients.len();
        let mut options = ClientOptions::new("demo");
        options.upload_preset = Some(crate::cloud::PRESET.into());
        options.token_lifetime = Millis(knobs.lifetime);
        options.safety_margin = Millis(knobs.margin);
        options.storage = plan.storage;
        // Small chunks, so that chunked uploads are common (5 MiB is Cloudinary's minimum).
        options.chunk_threshold = 6 * 1024 * 1024;
        options.chunk_size = 5 * 1024 * 1024;
        options.invalidate = knobs.invalidate;
        options.retention = Millis(knobs.retention);
        let session = Session::new(options, plan.signer, true).expect("valid options");
        let group = match plan.storage {
            StorageKind::Local => Group::Shared,
            StorageKind::Session => Group::Tab(tab),
            StorageKind::Memory => Group::Memory(id),
        };
        self.clients.push(Client {
            tab,
            plan,
            group,
            session: Some(session),
            timer: None,
            timer_gen: 0,
            idle_timers: 0,
            save_pending: false,
        });
        self.tabs[tab].clients.push(id);
        id
    }

    /// Every client alive now.
    pub fn alive(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.clients.len()).filter(|&c| self.clients[c].alive())
    }

    /// What the storage of `persist` in `tab` holds.
    pub fn read(&self, tab: usize, persist: Persist) -> Option<Stored> {
        match persist {
            Persist::Shared => self.tabs[tab].local_view.clone(),
            Persist::Tab => self.tabs[tab].session_storage.clone(),
            Persist::Nothing => None,
        }
    }

    /// Writes `stored` to the storage of `persist` in `tab`; an empty snapshot removes the key.
    pub fn write(&mut self, tab: usize, persist: Persist, stored: &Stored) {
        let value = (!stored.entries.is_empty()).then(|| stored.clone());
        match persist {
            Persist::Shared => {
                self.tabs[tab].local_view = value.clone();
                self.local = value;
            }
            Persist::Tab => self.tabs[tab].session_storage = value,
            Persist::Nothing => {}
        }
    }

    /// Asks for lock `name`; returns whether it is free to grant now.
    pub fn request_lock(&mut self, name: &str, client: usize, request: RequestId) -> bool {
        let lock = self.locks.entry(name.to_owned()).or_default();
        let free = lock.holder.is_none() && lock.queue.is_empty();
        lock.queue.push_back((client, request, !free));
        free
    }

    /// Grants lock `name` to its first living waiter: who, for which request, and whether it
    /// waited for another.
    pub fn grant(&mut self, name: &str) -> Option<(usize, RequestId, bool)> {
        let lock = self.locks.get_mut(name)?;
        if lock.holder.is_some() {
            return None;
        }
        let (client, request, contended) = lock.queue.pop_front()?;
        lock.holder = Some((client, request));
        Some((client, request, contended))
    }

    /// Releases the lock `client` holds for `request`; returns its name, and whether another
    /// waits for it.
    pub fn release(&mut self, client: usize, request: RequestId) -> Option<(String, bool)> {
        let (name, lock) =
            (self.locks.iter_mut()).find(|(_, l)| l.holder == Some((client, request)))?;
        lock.holder = None;
        Some((name.clone(), !lock.queue.is_empty()))
    }

    /// A document went: its waits end and its locks are released. Returns the locks that
    /// another now waits for.
    pub fn drop_locks(&mut self, clients: &[usize]) -> Vec<String> {
        let mut freed = Vec::new();
        for (name, lock) in &mut self.locks {
            lock.queue.retain(|(c, _, _)| !clients.contains(c));
            if lock.holder.is_some_and(|(c, _)| clients.contains(&c)) {
                lock.holder = None;
            }
            if lock.holder.is_none() && !lock.queue.is_empty() {
                freed.push(name.clone());
            }
        }
        freed
    }
}
