//! The routing at a glance: one row per entry of a PutEvents call, one column per rule (per
//! Region and bus when the events reach several), and in each cell how that rule treated that
//! entry's event.

use crate::bus_run::BusRun;
use crate::workspace::Pick;
use eventlens_bus::{PutEventsOutcome, RuleVerdict};

/// One column: a rule on one Region's bus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The Region.
    pub region: String,
    /// The bus.
    pub bus: String,
    /// The rule's name.
    pub rule: String,
}

/// How a rule treated an entry, as a cell shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellState {
    /// The rule matched and is enabled: its targets received the event.
    Delivered,
    /// The pattern does not match the event.
    NotMatched,
    /// The rule is disabled.
    Disabled,
    /// The entry failed PutEvents validation: no event reached any bus.
    Failed,
    /// The event did not reach this column's Region or bus.
    Absent,
}

impl CellState {
    /// The state of verdict `v`.
    pub fn of(v: &RuleVerdict) -> Self {
        if !v.state.is_enabled() {
            CellState::Disabled
        } else if v.delivered {
            CellState::Delivered
        } else {
            CellState::NotMatched
        }
    }

    /// The test hook (`data-state`).
    pub fn hook(self) -> &'static str {
        match self {
            CellState::Delivered => "delivered",
            CellState::NotMatched => "not-matched",
            CellState::Disabled => "disabled",
            CellState::Failed => "failed",
            CellState::Absent => "absent",
        }
    }

    /// The mark in the cell.
    pub fn mark(self) -> &'static str {
        match self {
            CellState::Delivered => "✓",
            CellState::NotMatched => "✗",
            CellState::Disabled => "–",
            CellState::Failed => "!",
            CellState::Absent => "·",
        }
    }

    /// The state in words, for the cell's accessible name.
    pub fn words(self) -> &'static str {
        match self {
            CellState::Delivered => "delivered",
            CellState::NotMatched => "not matched",
            CellState::Disabled => "disabled",
            CellState::Failed => "entry failed",
            CellState::Absent => "not on this bus",
        }
    }
}

/// One cell: its state, and the verdict it stands for when there is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    /// How the rule treated the entry.
    pub state: CellState,
    /// The verdict, for an entry whose event reached the rule's bus.
    pub pick: Option<Pick>,
}

/// The grid of a run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Grid {
    /// The columns, in the order the rules are first met (entries, their arrivals, their rules).
    pub columns: Vec<Column>,
    /// One row per entry, one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

impl Grid {
    /// The grid of `run`'s outcome (empty without one).
    pub fn of(run: &BusRun) -> Grid {
        let Some(outcome) = &run.outcome else {
            return Grid::default();
        };
        let columns = columns(outcome);
        let rows = outcome
            .entries
            .iter()
            .enumerate()
            .map(|(entry, e)| {
                columns
                    .iter()
                    .map(|c| {
                        if e.error.is_some() {
                            return Cell {
                                state: CellState::Failed,
                                pick: None,
                            };
                        }
                        let found = e.arrivals.iter().enumerate().find_map(|(arrival, a)| {
                            if a.region != c.region || a.bus != c.bus {
                                return None;
                            }
                            let (rule, v) =
                                a.rules.iter().enumerate().find(|(_, v)| v.rule == c.rule)?;
                            Some((
                                Pick {
                                    entry,
                                    arrival,
                                    rule,
                                },
                                v,
                            ))
                        });
                        match found {
                            Some((pick, v)) => Cell {
                                state: CellState::of(v),
                                pick: Some(pick),
                            },
                            None => Cell {
                                state: CellState::Absent,
                                pick: None,
                            },
                        }
                    })
                    .collect()
            })
            .collect();
        Grid { columns, rows }
    }

    /// The Regions of the columns, in their order (with several, each column says its Region).
    pub fn regions(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for c in &self.columns {
            if !out.contains(&c.region.as_str()) {
                out.push(&c.region);
            }
        }
        out
    }
}

/// Every rule met on a bus, once, in the order first met.
fn columns(outcome: &PutEventsOutcome) -> Vec<Column> {
    let mut out: Vec<Column> = Vec::new();
    for a in outcome.entries.iter().flat_map(|e| &e.arrivals) {
        for v in &a.rules {
            let column = Column {
                region: a.region.clone(),
                bus: a.bus.clone(),
                rule: v.rule.clone(),
            };
            if !out.contains(&column) {
                out.push(column);
            }
        }
    }
    // One Region's columns side by side, the Regions in the order first met.
    let mut regions: Vec<String> = Vec::new();
    for c in &out {
        if !regions.contains(&c.region) {
            regions.push(c.region.clone());
        }
    }
    out.sort_by_key(|c| regions.iter().position(|r| *r == c.region));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::BusDocs;

    const RULES: &str = r#"{"Rules": [
  {"Name": "done", "EventPattern": {"detail": {"status": ["DONE"]}},
   "Targets": [{"Id": "t", "Arn": "arn:aws:sqs:us-east-1:123456789012:q"}]},
  {"Name": "off", "State": "DISABLED", "EventPattern": {"source": ["s"]}},
  {"Name": "west", "Region": "us-west-2", "EventPattern": {"source": ["s"]}}],
 "Endpoints": [{"Name": "e",
   "RoutingConfig": {"FailoverConfig": {"Primary": {"HealthCheck": "hc"}, "Secondary": {"Route": "us-west-2"}}},
   "EventBuses": [{"EventBusArn": "arn:aws:events:us-east-1:123456789012:event-bus/default"},
                  {"EventBusArn": "arn:aws:events:us-west-2:123456789012:event-bus/default"}]}]}"#;

    #[test]
    fn cells_follow_the_verdicts_with_a_column_per_region() {
        let entry = |status: &str| {
            format!(
                r#"{{"Source": "s", "DetailType": "d", "Detail": "{{\"status\": \"{status}\"}}"}}"#
            )
        };
        let request = format!(
            r#"{{"EndpointId": "e", "Entries": [{}, {}, {{"Source": "s"}}]}}"#,
            entry("DONE"),
            entry("RUNNING")
        );
        let run = BusRun::run(&BusDocs {
            rules: RULES.into(),
            request: request.into(),
            ..BusDocs::default()
        });
        let grid = Grid::of(&run);
        let names: Vec<(&str, &str)> = grid
            .columns
            .iter()
            .map(|c| (c.region.as_str(), c.rule.as_str()))
            .collect();
        assert_eq!(
            names,
            vec![
                ("us-east-1", "done"),
                ("us-east-1", "off"),
                ("us-west-2", "west")
            ]
        );
        assert_eq!(grid.regions(), vec!["us-east-1", "us-west-2"]);
        let states: Vec<Vec<&str>> = grid
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.state.hook()).collect())
            .collect();
        assert_eq!(
            states,
            vec![
                vec!["delivered", "disabled", "delivered"],
                vec!["not-matched", "disabled", "delivered"],
                vec!["failed", "failed", "failed"],
            ]
        );
        // Every cell with a verdict stands for the verdict of that rule in that Region.
        for (cell, column) in grid.rows.iter().flatten().zip(grid.columns.iter().cycle()) {
            if let Some(pick) = cell.pick {
                let v = run.verdict(pick).unwrap();
                assert_eq!(v.rule, column.rule);
                assert_eq!(run.arrival(pick).unwrap().region, column.region);
                assert_eq!(CellState::of(v), cell.state);
            } else {
                assert_eq!(cell.state, CellState::Failed);
            }
        }
    }

    #[test]
    fn an_event_that_misses_a_region_leaves_its_cells_absent() {
        let rules = r#"[{"Name": "a", "EventPattern": {"source": ["s"]}},
                        {"Name": "b", "EventBusName": "other", "EventPattern": {"source": ["s"]}}]"#;
        let request = r#"[{"Source": "s", "DetailType": "d", "Detail": "{}"},
                          {"Source": "s", "DetailType": "d", "Detail": "{}", "EventBusName": "other"}]"#;
        let run = BusRun::run(&BusDocs {
            rules: rules.into(),
            request: request.into(),
            ..BusDocs::default()
        });
        let grid = Grid::of(&run);
        let states: Vec<Vec<CellState>> = grid
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.state).collect())
            .collect();
        use CellState::*;
        assert_eq!(
            states,
            vec![vec![Delivered, Absent], vec![Absent, Delivered]]
        );
        assert_eq!(grid.regions(), vec!["us-east-1"]);
        assert_eq!(Grid::of(&BusRun::run(&BusDocs::default())), Grid::default());
    }
}
