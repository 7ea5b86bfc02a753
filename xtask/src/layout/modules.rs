//! The module graph of one crate, read from its files as Rust (with `syn`), for the layout
//! tests: one node per module file, and an edge from file A to file B where A's code names a
//! path into B's module. Comments, `#[cfg(test)]` items and visibility (`pub(super)`) are not
//! code that links modules, and a `mod child;` declaration only says where a file is, so none of
//! them is an edge.

use std::{
    collections::{BTreeMap, BTreeSet, HashMap},
    path::{Path, PathBuf},
};

use proc_macro2::{Ident, TokenStream, TokenTree};
use syn::{
    Attribute, ImplItem, Item, Meta, Token, UseTree,
    punctuated::Punctuated,
    visit::{self, Visit},
};

/// A module's path from its crate root: `["ui", "state"]`; the root is `[]`.
pub type ModPath = Vec<String>;

/// One module file.
#[derive(Debug)]
pub struct File {
    /// Relative to the repository root, with `/`: `src/ui/state.rs`.
    pub name: String,
    /// The module it holds (inline modules inside it are kept in [`Crate`]'s map).
    pub module: ModPath,
}

/// Where one file names another file's module: the first such path, for the report.
#[derive(Debug, Clone)]
pub struct Edge {
    /// The file named, as an index into [`Crate::files`].
    pub to: usize,
    /// The line of the path in the naming file.
    pub line: usize,
    /// The path as written: `super::widget::WidgetProps`.
    pub path: String,
}

/// A crate's module files and the edges between them.
#[derive(Debug)]
pub struct Crate {
    /// Every module file, the root first.
    pub files: Vec<File>,
    /// Per file, its edges to other files, one per file named.
    pub edges: Vec<Vec<Edge>>,
    /// Per file, every name its code starts a path with, and every identifier in its macro
    /// bodies and attributes: for the check that the core names no browser crate.
    pub words: Vec<BTreeSet<String>>,
}

/// What the walk of one file found before resolution: paths by the module they appear in.
struct Found {
    paths: Vec<(ModPath, Vec<Ident>)>,
    words: BTreeSet<String>,
}

impl Crate {
    /// The crate whose root file is `root` (`src/lib.rs`, `src/bin/ui.rs`), under `repo`.
    pub fn read(repo: &Path, root: &str) -> Self {
        let mut modules = HashMap::new();
        let mut files = Vec::new();
        let mut asts = Vec::new();
        let root_path = repo.join(root);
        let dir = root_path.parent().unwrap().to_path_buf();
        discover(
            repo,
            &root_path,
            Vec::new(),
            &dir,
            &mut files,
            &mut asts,
            &mut modules,
        );
        let mut krate = Self {
            edges: Vec::new(),
            words: Vec::new(),
            files,
        };
        for (index, ast) in asts.iter().flatten().enumerate() {
            let mut found = Found {
                paths: Vec::new(),
                words: BTreeSet::new(),
            };
            Walker {
                module: krate.files[index].module.clone(),
                found: &mut found,
            }
            .visit_file(ast);
            let mut edges = BTreeMap::new();
            for (module, path) in &found.paths {
                let segments: Vec<String> = path.iter().map(ToString::to_string).collect();
                let Some(to) = resolve(&modules, module, &segments) else {
                    continue;
                };
                if to != index {
                    edges.entry(to).or_insert_with(|| Edge {
                        to,
                        line: path[0].span().start().line,
                        path: segments.join("::"),
                    });
                }
            }
            krate.edges.push(edges.into_values().collect());
            krate.words.push(found.words);
        }
        krate
    }

    /// Every cycle of files, each spelled out from its first file back to it: `a.rs -> b.rs ->
    /// a.rs`, with the path that makes each step. One shortest cycle through each file of each
    /// strongly connected group, without repeats: fixing one may reveal the next, so all show.
    pub fn cycles(&self) -> Vec<Vec<Edge>> {
        let mut out: Vec<Vec<Edge>> = Vec::new();
        for group in self.groups() {
            let inside: BTreeSet<usize> = group.iter().copied().collect();
            for &start in &group {
                let Some(cycle) = self.shortest_cycle(start, &inside) else {
                    continue;
                };
                // The same cycle from another of its files: keep one, starting at its lowest.
                let lowest = (0..cycle.len()).min_by_key(|&i| cycle[i].to).unwrap();
                let mut rotated = cycle.clone();
                rotated.rotate_left((lowest + 1) % cycle.len());
                let key: Vec<usize> = rotated.iter().map(|e| e.to).collect();
                if !out
                    .iter()
                    .any(|c| c.iter().map(|e| e.to).eq(key.iter().copied()))
                {
                    out.push(rotated);
                }
            }
        }
        out
    }

    /// `cycle` as `a.rs -> b.rs -> a.rs`, then each step's path and line.
    pub fn spell(&self, cycle: &[Edge]) -> String {
        let from = |i: usize| cycle[(i + cycle.len() - 1) % cycle.len()].to;
        let mut text = self.files[from(0)].name.clone();
        for edge in cycle {
            text.push_str(" -> ");
            text.push_str(&self.files[edge.to].name);
        }
        for (i, edge) in cycle.iter().enumerate() {
            let name = &self.files[from(i)].name;
            text.push_str(&format!("\n    {name}:{}: {}", edge.line, edge.path));
        }
        text
    }

    /// The strongly connected groups of more than one file (Tarjan's algorithm).
    fn groups(&self) -> Vec<Vec<usize>> {
        struct Tarjan<'a> {
            edges: &'a [Vec<Edge>],
            index: Vec<Option<usize>>,
            low: Vec<usize>,
            stack: Vec<usize>,
            on_stack: Vec<bool>,
            next: usize,
            out: Vec<Vec<usize>>,
        }
        impl Tarjan<'_> {
            fn visit(&mut self, v: usize) {
                self.index[v] = Some(self.next);
                self.low[v] = self.next;
                self.next += 1;
                self.stack.push(v);
                self.on_stack[v] = true;
                for w in self.edges[v].iter().map(|e| e.to) {
                    match self.index[w] {
                        None => {
                            self.visit(w);
                            self.low[v] = self.low[v].min(self.low[w]);
                        }
                        Some(at) if self.on_stack[w] => self.low[v] = self.low[v].min(at),
                        Some(_) => {}
                    }
                }
                if Some(self.low[v]) == self.index[v] {
                    let mut group = Vec::new();
                    while let Some(w) = self.stack.pop() {
                        self.on_stack[w] = false;
                        group.push(w);
                        if w == v {
                            break;
                        }
                    }
                    if group.len() > 1 {
                        group.sort_unstable();
                        self.out.push(group);
                    }
                }
            }
        }
        let n = self.files.len();
        let mut t = Tarjan {
            edges: &self.edges,
            index: vec![None; n],
            low: vec![0; n],
            stack: Vec::new(),
            on_stack: vec![false; n],
            next: 0,
            out: Vec::new(),
        };
        for v in 0..n {
            if t.index[v].is_none() {
                t.visit(v);
            }
        }
        t.out.sort();
        t.out
    }

    /// The shortest way from `start` back to it through `inside` (breadth first), as its edges.
    fn shortest_cycle(&self, start: usize, inside: &BTreeSet<usize>) -> Option<Vec<Edge>> {
        let mut came: HashMap<usize, (usize, Edge)> = HashMap::new();
        let mut queue = std::collections::VecDeque::from([start]);
        while let Some(v) = queue.pop_front() {
            for edge in self.edges[v].iter().filter(|e| inside.contains(&e.to)) {
                if edge.to == start {
                    let mut steps = vec![edge.clone()];
                    let mut at = v;
                    while at != start {
                        let (before, step) = &came[&at];
                        steps.push(step.clone());
                        at = *before;
                    }
                    steps.reverse();
                    return Some(steps);
                }
                if let std::collections::hash_map::Entry::Vacant(slot) = came.entry(edge.to) {
                    slot.insert((v, edge.clone()));
                    queue.push_back(edge.to);
                }
            }
        }
        None
    }
}

/// Reads the module file `path` (module `module`, whose `mod child;` files are under `dir`)
/// and, through its declarations, every module file below it.
fn discover(
    repo: &Path,
    path: &Path,
    module: ModPath,
    dir: &Path,
    files: &mut Vec<File>,
    asts: &mut Vec<Option<syn::File>>,
    modules: &mut HashMap<ModPath, usize>,
) {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e} (declared by `mod`)", path.display()));
    let ast =
        syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: not Rust: {e}", path.display()));
    let index = files.len();
    let name = path.strip_prefix(repo).unwrap_or(path);
    files.push(File {
        name: name.to_string_lossy().replace('\\', "/"),
        module: module.clone(),
    });
    modules.insert(module.clone(), index);
    // Its place is taken before its children take theirs: `asts[i]` is `files[i]`'s.
    asts.push(None);
    let here = path.parent().unwrap();
    declared(
        repo, &ast.items, index, &module, dir, here, files, asts, modules,
    );
    asts[index] = Some(ast);
}

/// Follows the `mod` declarations among `items` of module `module` (in file `index`, in
/// directory `here`), whose children's files are under `dir`.
#[allow(clippy::too_many_arguments)] // one recursion's state; a struct would only rename it
fn declared(
    repo: &Path,
    items: &[Item],
    index: usize,
    module: &ModPath,
    dir: &Path,
    here: &Path,
    files: &mut Vec<File>,
    asts: &mut Vec<Option<syn::File>>,
    modules: &mut HashMap<ModPath, usize>,
) {
    for item in items {
        let Item::Mod(m) = item else { continue };
        if test_only(&m.attrs) {
            continue;
        }
        let name = m.ident.to_string();
        let mut child = module.clone();
        child.push(name.clone());
        match &m.content {
            // An inline module: its own path, written in this file.
            Some((_, inner)) => {
                modules.insert(child.clone(), index);
                let below = dir.join(&name);
                declared(
                    repo, inner, index, &child, &below, here, files, asts, modules,
                );
            }
            None => {
                let file = match path_attribute(&m.attrs) {
                    Some(p) => here.join(p),
                    None if dir.join(format!("{name}.rs")).exists() => {
                        dir.join(format!("{name}.rs"))
                    }
                    None => dir.join(&name).join("mod.rs"),
                };
                // `x/mod.rs` keeps its children beside it; `x.rs` in `x/`.
                let below = if file.file_name().is_some_and(|f| f == "mod.rs") {
                    file.parent().unwrap().to_path_buf()
                } else {
                    file.with_extension("")
                };
                discover(repo, &file, child, &below, files, asts, modules);
            }
        }
    }
}

/// The file `path` of the module in `module` names, as the longest prefix of its full path that
/// is a module of the crate; `None` for a path into another crate or to a local item.
fn resolve(modules: &HashMap<ModPath, usize>, module: &ModPath, path: &[String]) -> Option<usize> {
    let (mut full, rest): (ModPath, &[String]) = match path.first()?.as_str() {
        "crate" => (Vec::new(), &path[1..]),
        "self" => (module.clone(), &path[1..]),
        "super" => {
            let mut base = module.clone();
            let ups = path.iter().take_while(|s| *s == "super").count();
            for _ in 0..ups {
                base.pop()?;
            }
            (base, &path[ups..])
        }
        // Since 2018, a child module is in scope by its name alone.
        first => {
            let mut child = module.clone();
            child.push(first.to_owned());
            if !modules.contains_key(&child) {
                return None;
            }
            (module.clone(), path)
        }
    };
    full.extend(rest.iter().cloned());
    (0..=full.len())
        .rev()
        .find_map(|n| modules.get(&full[..n]).copied())
}

/// Walks one file's code, collecting the paths it names and the module each is named in.
struct Walker<'a> {
    /// The module being walked (inline modules push onto it).
    module: ModPath,
    found: &'a mut Found,
}

impl Walker<'_> {
    /// Records a path named in the module being walked; its first name is a word as well.
    fn path(&mut self, segments: Vec<Ident>) {
        if let Some(first) = segments.first() {
            self.found.words.insert(first.to_string());
        }
        if !segments.is_empty() {
            self.found.paths.push((self.module.clone(), segments));
        }
    }

    /// The paths of a macro body or an attribute's arguments, which `syn` leaves as tokens:
    /// every run `a::b::c` of identifiers joined by `::`.
    fn tokens(&mut self, tokens: TokenStream) {
        fn flush(run: &mut Vec<Ident>, walker: &mut Walker<'_>) {
            if run.len() > 1 {
                walker.path(std::mem::take(run));
            }
            run.clear();
        }
        let mut run: Vec<Ident> = Vec::new();
        let mut colons = 0;
        for token in tokens {
            match token {
                TokenTree::Ident(ident) => {
                    self.found.words.insert(ident.to_string());
                    if run.is_empty() || colons != 2 {
                        flush(&mut run, self);
                    }
                    run.push(ident);
                    colons = 0;
                }
                TokenTree::Punct(p) if p.as_char() == ':' && colons < 2 => colons += 1,
                TokenTree::Group(group) => {
                    flush(&mut run, self);
                    colons = 0;
                    self.tokens(group.stream());
                }
                _ => {
                    flush(&mut run, self);
                    colons = 0;
                }
            }
        }
        flush(&mut run, self);
    }
}

impl<'ast> Visit<'ast> for Walker<'_> {
    fn visit_item(&mut self, item: &'ast Item) {
        if test_only(item_attrs(item)) {
            return;
        }
        match item {
            Item::Mod(m) => {
                // A declaration is not an edge; an inline module's code is walked as its own.
                if let Some((_, items)) = &m.content {
                    self.module.push(m.ident.to_string());
                    for item in items {
                        self.visit_item(item);
                    }
                    self.module.pop();
                }
            }
            Item::Use(u) => {
                if u.leading_colon.is_none() {
                    let mut paths = Vec::new();
                    flatten(&u.tree, &mut Vec::new(), &mut paths);
                    for path in paths {
                        self.path(path);
                    }
                }
            }
            _ => visit::visit_item(self, item),
        }
    }

    fn visit_impl_item(&mut self, item: &'ast ImplItem) {
        let attrs = match item {
            ImplItem::Const(i) => &i.attrs[..],
            ImplItem::Fn(i) => &i.attrs,
            ImplItem::Type(i) => &i.attrs,
            ImplItem::Macro(i) => &i.attrs,
            _ => &[],
        };
        if !test_only(attrs) {
            visit::visit_impl_item(self, item);
        }
    }

    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {
        // `pub(in crate::a)` says who may see an item; it uses nothing of `a`.
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        if let Some(first) = path.segments.first() {
            self.found.words.insert(first.ident.to_string());
        }
        // One segment is a local name (`self` is a value); a leading `::` another crate.
        if path.leading_colon.is_none() && path.segments.len() > 1 {
            self.path(path.segments.iter().map(|s| s.ident.clone()).collect());
        }
        visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        visit::visit_macro(self, mac);
        self.tokens(mac.tokens.clone());
    }

    fn visit_attribute(&mut self, attr: &'ast Attribute) {
        visit::visit_attribute(self, attr);
        if let Meta::List(list) = &attr.meta {
            self.tokens(list.tokens.clone());
        }
    }
}

/// Every path a use tree names, its groups spread out: `crate::{a::{self, X}, b::Y}` names
/// `crate::a`, `crate::a::X` and `crate::b::Y`; a glob names its prefix.
fn flatten(tree: &UseTree, prefix: &mut Vec<Ident>, out: &mut Vec<Vec<Ident>>) {
    match tree {
        UseTree::Path(p) => {
            prefix.push(p.ident.clone());
            flatten(&p.tree, prefix, out);
            prefix.pop();
        }
        UseTree::Name(n) if n.ident == "self" => out.push(prefix.clone()),
        UseTree::Name(n) => out.push([&prefix[..], std::slice::from_ref(&n.ident)].concat()),
        UseTree::Rename(r) if r.ident == "self" => out.push(prefix.clone()),
        UseTree::Rename(r) => out.push([&prefix[..], std::slice::from_ref(&r.ident)].concat()),
        UseTree::Glob(_) => out.push(prefix.clone()),
        UseTree::Group(g) => {
            for tree in &g.items {
                flatten(tree, prefix, out);
            }
        }
    }
}

/// The attributes of `item`, to tell test-only items (syn gives each kind its own field).
fn item_attrs(item: &Item) -> &[Attribute] {
    match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::ExternCrate(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::ForeignMod(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::TraitAlias(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

/// Whether `attrs` hold a `#[cfg(..)]` that only holds under `test`: `test`,
/// `all(test, ..)`, or `any(..)` of such.
fn test_only(attrs: &[Attribute]) -> bool {
    fn needs_test(meta: &Meta) -> bool {
        match meta {
            Meta::Path(p) => p.is_ident("test"),
            Meta::List(list) => {
                let Ok(inner) =
                    list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
                else {
                    return false;
                };
                if list.path.is_ident("all") {
                    inner.iter().any(needs_test)
                } else if list.path.is_ident("any") {
                    !inner.is_empty() && inner.iter().all(needs_test)
                } else {
                    false
                }
            }
            Meta::NameValue(_) => false,
        }
    }
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .parse_args::<Meta>()
                .is_ok_and(|meta| needs_test(&meta))
    })
}

/// The file a `#[path = "…"]` attribute names, if there is one.
fn path_attribute(attrs: &[Attribute]) -> Option<PathBuf> {
    attrs.iter().find_map(|attr| match &attr.meta {
        Meta::NameValue(nv) if nv.path.is_ident("path") => match &nv.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(PathBuf::from(s.value())),
            _ => None,
        },
        _ => None,
    })
}
