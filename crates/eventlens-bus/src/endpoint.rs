//! Global endpoints (CreateEndpoint, 2022): events sent through an endpoint land on the bus in its
//! primary Region, or in the secondary Region while the primary's health check is unhealthy; with
//! replication enabled, each event is also copied to the other Region's bus.
//!
//! From the EventBridge user guide: "Event replication sends all custom events to the event buses
//! in the primary and secondary Regions"; in a replicated event, "For `region`, the Region that
//! the event was replicated from is listed", and its `resources` name the endpoint; during a
//! failover, replicated events "will be processed by the primary Region when it's available".

use super::error::{check_text, ConfigError};
use super::rule::bus_name;
use serde::{Deserialize, Serialize};

/// An endpoint as CreateEndpoint or CloudFormation (`AWS::Events::Endpoint`) gives it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EndpointSpec {
    /// The endpoint's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The id PutEvents names it by (`abcde.veo`); the name when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_id: Option<String>,
    /// A description (kept, not used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The failover configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routing_config: Option<RoutingConfig>,
    /// Replication; `ENABLED` when absent, as in the API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replication_config: Option<ReplicationConfig>,
    /// The two buses, one per Region, with the same name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_buses: Option<Vec<EndpointEventBus>>,
    /// The replication role (kept, not used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
}

/// `RoutingConfig`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RoutingConfig {
    /// `FailoverConfig`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failover_config: Option<FailoverConfig>,
}

/// `FailoverConfig`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FailoverConfig {
    /// The primary Region's health check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary: Option<Primary>,
    /// The secondary Region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondary: Option<Secondary>,
}

/// `Primary`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Primary {
    /// The Route 53 health check ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check: Option<String>,
}

/// `Secondary`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Secondary {
    /// The secondary Region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
}

/// `ReplicationConfig`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReplicationConfig {
    /// `ENABLED` or `DISABLED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// One of the endpoint's buses.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EndpointEventBus {
    /// The bus ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_bus_arn: Option<String>,
}

/// A checked endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Endpoint {
    /// The name.
    pub name: String,
    /// The id PutEvents uses.
    pub id: String,
    /// The ARN (in the primary Region).
    pub arn: String,
    /// The primary Region.
    pub primary_region: String,
    /// The secondary Region.
    pub secondary_region: String,
    /// The bus name, the same in both Regions.
    pub bus: String,
    /// The primary Region's health check.
    pub health_check: String,
    /// Whether events are copied to the other Region.
    pub replication: bool,
}

/// How an event reached a Region's bus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Route {
    /// Put straight on the bus (no endpoint).
    Direct,
    /// Through an endpoint, to its healthy primary Region.
    Primary {
        /// The endpoint's name.
        endpoint: String,
    },
    /// Through an endpoint, to its secondary Region while the primary is unhealthy.
    Failover {
        /// The endpoint's name.
        endpoint: String,
    },
    /// Copied by endpoint replication from the Region that received it.
    Replica {
        /// The endpoint's name.
        endpoint: String,
        /// The Region that received the event.
        from: String,
    },
}

/// One Region an event lands in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Landing {
    /// The Region whose bus receives it.
    pub region: String,
    /// How.
    pub route: Route,
    /// Held until the Region is available again (a replica sent to an unhealthy primary).
    pub deferred: bool,
}

impl Endpoint {
    /// Checks `spec` as CreateEndpoint does; `account` builds the ARN.
    pub fn compile(
        spec: &EndpointSpec,
        account: &str,
        location: &str,
    ) -> Result<Endpoint, ConfigError> {
        let at = |field: &str| format!("{location}.{field}");
        let name = spec.name.clone().unwrap_or_default();
        check_text(&name, "name", 64, Some(&super::error::NAME))
            .map_err(|m| ConfigError::at(at("Name"), m))?;
        let failover = spec
            .routing_config
            .as_ref()
            .and_then(|r| r.failover_config.as_ref());
        let health_check = failover
            .and_then(|f| f.primary.as_ref())
            .and_then(|p| p.health_check.clone())
            .ok_or_else(|| {
                ConfigError::at(
                    at("RoutingConfig"),
                    format!(
                        "Endpoint {name} needs RoutingConfig.FailoverConfig.Primary.HealthCheck"
                    ),
                )
            })?;
        let secondary_region = failover
            .and_then(|f| f.secondary.as_ref())
            .and_then(|s| s.route.clone())
            .ok_or_else(|| {
                ConfigError::at(
                    at("RoutingConfig"),
                    format!("Endpoint {name} needs RoutingConfig.FailoverConfig.Secondary.Route (the secondary Region)"),
                )
            })?;
        let replication = match spec
            .replication_config
            .as_ref()
            .and_then(|r| r.state.as_deref())
        {
            None | Some("ENABLED") => true,
            Some("DISABLED") => false,
            Some(other) => {
                return Err(ConfigError::at(
                    at("ReplicationConfig.State"),
                    super::error::constraint(
                        &format!("'{other}'"),
                        "replicationConfig.state",
                        "Member must satisfy enum value set: [ENABLED, DISABLED]",
                    ),
                ))
            }
        };
        let buses = spec.event_buses.clone().unwrap_or_default();
        if buses.len() != 2 {
            return Err(ConfigError::at(
                at("EventBuses"),
                format!(
                    "Endpoint {name} has {} event buses; an endpoint has exactly 2, one in each Region",
                    buses.len()
                ),
            ));
        }
        let mut parsed = Vec::with_capacity(2);
        for (i, b) in buses.iter().enumerate() {
            let arn = b.event_bus_arn.clone().unwrap_or_default();
            let (bus, region) = bus_name(&arn);
            let region = region.filter(|_| arn.starts_with("arn:")).ok_or_else(|| {
                ConfigError::at(
                    at(&format!("EventBuses[{i}].EventBusArn")),
                    format!("\"{arn}\" is not an event bus ARN (arn:aws:events:REGION:ACCOUNT:event-bus/NAME)"),
                )
            })?;
            parsed.push((bus.to_string(), region.to_string()));
        }
        if parsed[0].0 != parsed[1].0 {
            return Err(ConfigError::at(
                at("EventBuses"),
                format!(
                    "Endpoint {name} joins buses named {} and {}; the names of the event buses must be identical in each Region",
                    parsed[0].0, parsed[1].0
                ),
            ));
        }
        let Some(secondary_at) = parsed.iter().position(|(_, r)| *r == secondary_region) else {
            return Err(ConfigError::at(
                at("RoutingConfig"),
                format!("Endpoint {name}: the secondary Region {secondary_region} has none of the endpoint's event buses"),
            ));
        };
        let primary_region = parsed[1 - secondary_at].1.clone();
        if primary_region == secondary_region {
            return Err(ConfigError::at(
                at("EventBuses"),
                format!("Endpoint {name}: both event buses are in {primary_region}; they must be in two Regions"),
            ));
        }
        Ok(Endpoint {
            id: spec.endpoint_id.clone().unwrap_or_else(|| name.clone()),
            arn: format!("arn:aws:events:{primary_region}:{account}:endpoint/{name}"),
            name,
            primary_region,
            secondary_region,
            bus: parsed[0].0.clone(),
            health_check,
            replication,
        })
    }

    /// Whether `unhealthy` (health check ARNs, endpoint names or ids) marks the primary unhealthy.
    pub fn primary_unhealthy(&self, unhealthy: &[String]) -> bool {
        unhealthy
            .iter()
            .any(|u| *u == self.health_check || *u == self.name || *u == self.id)
    }

    /// Where an event sent through the endpoint lands.
    pub fn route(&self, unhealthy: &[String]) -> Vec<Landing> {
        let endpoint = self.name.clone();
        let (to, from, route) = if self.primary_unhealthy(unhealthy) {
            (
                &self.secondary_region,
                &self.primary_region,
                Route::Failover {
                    endpoint: endpoint.clone(),
                },
            )
        } else {
            (
                &self.primary_region,
                &self.secondary_region,
                Route::Primary {
                    endpoint: endpoint.clone(),
                },
            )
        };
        let mut landings = vec![Landing {
            region: to.clone(),
            route,
            deferred: false,
        }];
        if self.replication {
            landings.push(Landing {
                region: from.clone(),
                route: Route::Replica {
                    endpoint,
                    from: to.clone(),
                },
                deferred: self.primary_unhealthy(unhealthy),
            });
        }
        landings
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn endpoint(replication: &str) -> Result<Endpoint, ConfigError> {
        let spec: EndpointSpec = serde_json::from_value(json!({
            "Name": "orders-ep",
            "RoutingConfig": {"FailoverConfig": {
                "Primary": {"HealthCheck": "arn:aws:route53:::healthcheck/abc"},
                "Secondary": {"Route": "us-west-2"}}},
            "ReplicationConfig": {"State": replication},
            "EventBuses": [
                {"EventBusArn": "arn:aws:events:us-east-1:123456789012:event-bus/orders"},
                {"EventBusArn": "arn:aws:events:us-west-2:123456789012:event-bus/orders"}]
        }))
        .unwrap();
        Endpoint::compile(&spec, "123456789012", "Endpoints[0]")
    }

    #[test]
    fn routes_by_health_and_replicates() {
        let ep = endpoint("ENABLED").unwrap();
        assert_eq!(
            (ep.primary_region.as_str(), ep.bus.as_str()),
            ("us-east-1", "orders")
        );
        assert_eq!(
            ep.arn,
            "arn:aws:events:us-east-1:123456789012:endpoint/orders-ep"
        );
        let healthy = ep.route(&[]);
        assert_eq!(healthy[0].region, "us-east-1");
        assert_eq!(healthy[1].region, "us-west-2");
        assert!(!healthy[1].deferred);
        let failed = ep.route(&["arn:aws:route53:::healthcheck/abc".to_string()]);
        assert_eq!(
            failed[0].route,
            Route::Failover {
                endpoint: "orders-ep".into()
            }
        );
        assert_eq!(failed[0].region, "us-west-2");
        assert_eq!(failed[1].region, "us-east-1");
        assert!(failed[1].deferred);
        assert_eq!(endpoint("DISABLED").unwrap().route(&[]).len(), 1);
    }

    #[test]
    fn refusals() {
        assert!(endpoint("MAYBE")
            .unwrap_err()
            .message
            .contains("enum value set"));
        let spec: EndpointSpec = serde_json::from_value(json!({
            "Name": "e", "RoutingConfig": {"FailoverConfig": {"Primary": {"HealthCheck": "h"}, "Secondary": {"Route": "us-west-2"}}},
            "EventBuses": [
                {"EventBusArn": "arn:aws:events:us-east-1:1:event-bus/a"},
                {"EventBusArn": "arn:aws:events:us-west-2:1:event-bus/b"}]})).unwrap();
        assert!(Endpoint::compile(&spec, "1", "e")
            .unwrap_err()
            .message
            .contains("identical"));
    }
}
