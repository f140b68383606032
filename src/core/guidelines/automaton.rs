//! A compact Aho-Corasick automaton: every term of every rule, found in one pass over the
//! folded draft, overlapping matches included.
//!
//! Why not the `aho-corasick` crate: it carries several engines (DFAs, packed SIMD searchers,
//! streaming, leftmost semantics) that cost ~70 KB of the extension's wasm, where a check needs
//! only this: a trie with failure links over bytes, a dense table at the root (where most bytes
//! fall back to) and sorted edge lists elsewhere. Terms are limited to 100,000, so state ids fit
//! in `u32`.

/// The automaton, built once when a rule set loads.
#[derive(Debug, Default)]
pub struct Automaton {
    /// Transitions from the root for every byte (0: stay at the root).
    root: Vec<u32>,
    states: Vec<State>,
    /// Every state's outgoing edges, sorted by byte, as a slice `State::edges` points into.
    edges: Vec<(u8, u32)>,
    /// Byte length of each pattern, by pattern id.
    pattern_lengths: Vec<u32>,
    /// The patterns ending at each state, as a slice `State::outputs` points into.
    outputs: Vec<u32>,
}

#[derive(Debug, Clone, Copy, Default)]
struct State {
    edges: (u32, u32),
    outputs: (u32, u32),
    /// The longest proper suffix of this state's text that is also a trie path.
    fail: u32,
    /// The nearest state along the failure chain that ends a pattern (`NONE` if none).
    next_output: u32,
}

const ROOT: u32 = 0;
const NONE: u32 = u32::MAX;

/// A match: the pattern's id (its index in the list given to [`Automaton::new`]) and its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub pattern: usize,
    pub start: usize,
    pub end: usize,
}

impl Automaton {
    /// The automaton of `patterns`; empty patterns are never reported.
    pub fn new<P: AsRef<[u8]>>(patterns: &[P]) -> Automaton {
        let (children, ends) = trie(patterns);
        let fail = failure_links(&children);
        let mut automaton = Automaton {
            root: vec![ROOT; 256],
            states: Vec::with_capacity(children.len()),
            edges: Vec::with_capacity(children.len()),
            pattern_lengths: patterns.iter().map(|p| p.as_ref().len() as u32).collect(),
            outputs: Vec::new(),
        };
        for &(byte, child) in children.first().into_iter().flatten() {
            if let Some(entry) = automaton.root.get_mut(byte as usize) {
                *entry = child;
            }
        }
        for (state, state_children) in children.iter().enumerate() {
            let edges_start = automaton.edges.len() as u32;
            automaton.edges.extend(state_children.iter().copied());
            let outputs_start = automaton.outputs.len() as u32;
            automaton.outputs.extend(ends.get(state).into_iter().flatten().copied());
            automaton.states.push(State {
                edges: (edges_start, automaton.edges.len() as u32),
                outputs: (outputs_start, automaton.outputs.len() as u32),
                fail: fail.get(state).copied().unwrap_or(ROOT),
                next_output: NONE,
            });
        }
        automaton.link_outputs(&children);
        automaton
    }

    /// Calls `found` for every occurrence of every pattern in `haystack`, overlapping ones
    /// included, in order of where they end.
    pub fn for_each_overlapping(&self, haystack: &[u8], mut found: impl FnMut(Match)) {
        if self.states.is_empty() {
            return;
        }
        let mut state = ROOT;
        for (at, &byte) in haystack.iter().enumerate() {
            state = self.next_state(state, byte);
            let mut ending = if self.ends_pattern(state) { state } else { self.state(state).next_output };
            while ending != NONE {
                let (from, to) = self.state(ending).outputs;
                for &pattern in self.outputs.get(from as usize..to as usize).unwrap_or(&[]) {
                    let length = self.pattern_lengths.get(pattern as usize).copied().unwrap_or(0) as usize;
                    found(Match { pattern: pattern as usize, start: at + 1 - length.min(at + 1), end: at + 1 });
                }
                ending = self.state(ending).next_output;
            }
        }
    }

    fn next_state(&self, mut state: u32, byte: u8) -> u32 {
        loop {
            if state == ROOT {
                return self.root.get(byte as usize).copied().unwrap_or(ROOT);
            }
            if let Some(next) = self.edge(state, byte) {
                return next;
            }
            state = self.state(state).fail;
        }
    }

    fn edge(&self, state: u32, byte: u8) -> Option<u32> {
        let (from, to) = self.state(state).edges;
        let edges = self.edges.get(from as usize..to as usize)?;
        edges.binary_search_by_key(&byte, |&(b, _)| b).ok().and_then(|i| edges.get(i)).map(|&(_, next)| next)
    }

    fn state(&self, state: u32) -> State {
        self.states.get(state as usize).copied().unwrap_or_default()
    }

    fn ends_pattern(&self, state: u32) -> bool {
        let (from, to) = self.state(state).outputs;
        from < to
    }

    /// Sets each state's `next_output`, parents before children (breadth first), so a failure
    /// target's link is always ready when it is read.
    fn link_outputs(&mut self, children: &[Vec<(u8, u32)>]) {
        let mut queue = std::collections::VecDeque::from([ROOT]);
        while let Some(state) = queue.pop_front() {
            if state != ROOT {
                let fail = self.state(state).fail;
                let next_output = if self.ends_pattern(fail) { fail } else { self.state(fail).next_output };
                if let Some(entry) = self.states.get_mut(state as usize) {
                    entry.next_output = next_output;
                }
            }
            queue.extend(children.get(state as usize).into_iter().flatten().map(|&(_, child)| child));
        }
    }
}

/// The trie of `patterns`: each state's children sorted by byte, and the patterns ending there.
fn trie<P: AsRef<[u8]>>(patterns: &[P]) -> (Vec<Vec<(u8, u32)>>, Vec<Vec<u32>>) {
    let mut children: Vec<Vec<(u8, u32)>> = vec![Vec::new()];
    let mut ends: Vec<Vec<u32>> = vec![Vec::new()];
    for (id, pattern) in patterns.iter().enumerate() {
        let pattern = pattern.as_ref();
        if pattern.is_empty() {
            continue;
        }
        let mut state = ROOT as usize;
        for &byte in pattern {
            let existing =
                children.get(state).and_then(|c| c.binary_search_by_key(&byte, |&(b, _)| b).ok().map(|i| (i, c)));
            state = match existing.and_then(|(i, c)| c.get(i)) {
                Some(&(_, next)) => next as usize,
                None => {
                    let next = children.len();
                    children.push(Vec::new());
                    ends.push(Vec::new());
                    if let Some(c) = children.get_mut(state) {
                        let at = c.partition_point(|&(b, _)| b < byte);
                        c.insert(at, (byte, next as u32));
                    }
                    next
                }
            };
        }
        if let Some(e) = ends.get_mut(state) {
            e.push(id as u32);
        }
    }
    (children, ends)
}

/// Each state's failure link, computed breadth first from the root.
fn failure_links(children: &[Vec<(u8, u32)>]) -> Vec<u32> {
    let mut fail = vec![ROOT; children.len()];
    let mut queue: std::collections::VecDeque<u32> =
        children.first().into_iter().flatten().map(|&(_, child)| child).collect();
    let child_of = |state: u32, byte: u8| -> Option<u32> {
        let c = children.get(state as usize)?;
        c.binary_search_by_key(&byte, |&(b, _)| b).ok().and_then(|i| c.get(i)).map(|&(_, next)| next)
    };
    while let Some(state) = queue.pop_front() {
        for &(byte, child) in children.get(state as usize).into_iter().flatten() {
            let mut candidate = fail.get(state as usize).copied().unwrap_or(ROOT);
            let target = loop {
                if let Some(next) = child_of(candidate, byte) {
                    break next;
                }
                if candidate == ROOT {
                    break ROOT;
                }
                candidate = fail.get(candidate as usize).copied().unwrap_or(ROOT);
            };
            if let Some(entry) = fail.get_mut(child as usize) {
                *entry = target;
            }
            queue.push_back(child);
        }
    }
    fail
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(patterns: &[&str], haystack: &str) -> Vec<(usize, usize, usize)> {
        let mut found = Vec::new();
        Automaton::new(patterns).for_each_overlapping(haystack.as_bytes(), |m| found.push((m.pattern, m.start, m.end)));
        found
    }

    #[test]
    fn overlapping_and_nested_terms_are_all_found() {
        assert_eq!(all(&["he", "she", "his", "hers"], "ushers"), [(1, 1, 4), (0, 2, 4), (3, 2, 6)]);
    }

    #[test]
    fn a_term_inside_another_is_found_through_the_failure_chain() {
        assert_eq!(
            all(&["rendement garanti", "garanti", "ti"], "un rendement garanti"),
            [(0, 3, 20), (1, 13, 20), (2, 18, 20)]
        );
    }

    #[test]
    fn no_terms_or_empty_terms_find_nothing() {
        assert!(all(&[], "abc").is_empty());
        assert!(all(&[""], "abc").is_empty());
    }

    #[test]
    fn the_same_term_twice_reports_both_ids() {
        assert_eq!(all(&["ab", "ab"], "xab"), [(0, 1, 3), (1, 1, 3)]);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use proptest::prelude::*;

    use super::*;

    /// Every occurrence of every pattern, found the slow way.
    fn naive(patterns: &[String], haystack: &str) -> Vec<(usize, usize, usize)> {
        let mut found = Vec::new();
        let bytes = haystack.as_bytes();
        for end in 1..=bytes.len() {
            for (id, pattern) in patterns.iter().enumerate() {
                let p = pattern.as_bytes();
                if !p.is_empty() && end >= p.len() && bytes.get(end - p.len()..end) == Some(p) {
                    found.push((id, end - p.len(), end));
                }
            }
        }
        found.sort_unstable();
        found
    }

    proptest! {
        #[test]
        fn it_finds_exactly_what_a_naive_search_finds(
            patterns in prop::collection::vec("[abé ]{0,4}", 0..12),
            haystack in "[abcé ]{0,40}",
        ) {
            let mut found = Vec::new();
            Automaton::new(&patterns).for_each_overlapping(haystack.as_bytes(), |m| found.push((m.pattern, m.start, m.end)));
            found.sort_unstable();
            prop_assert_eq!(found, naive(&patterns, &haystack));
        }
    }
}
