//! Texts to take the work elsewhere: the AWS CLI command that checks the same pair against AWS,
//! and the pattern as a CloudFormation resource or a CDK construct.

use crate::format::{minify, pretty_indented};

/// `aws events test-event-pattern` for the pair, quoted for POSIX shells.
pub fn aws_cli(pattern: &str, event: &str) -> String {
    format!(
        "aws events test-event-pattern --event-pattern {} --event {}",
        shell_quote(&minify(pattern)),
        shell_quote(&minify(event))
    )
}

/// Single-quotes `text` for a POSIX shell (`'` becomes `'\''`).
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// A CloudFormation template (JSON) with an `AWS::Events::Rule` using the pattern.
pub fn cloudformation(name: &str, pattern: &str) -> Result<String, String> {
    let body = pretty_indented(pattern, 8)?;
    Ok(format!(
        "{{\n  \"Resources\": {{\n    \"{}\": {{\n      \"Type\": \"AWS::Events::Rule\",\n      \"Properties\": {{\n        \"EventPattern\": {body},\n        \"State\": \"ENABLED\"\n      }}\n    }}\n  }}\n}}\n",
        logical_id(name)
    ))
}

/// A CDK (TypeScript) `CfnRule` using the pattern as it is; `CfnRule` takes the JSON pattern
/// unchanged, unlike `Rule`, whose `EventPattern` renames fields (`detailType`).
pub fn cdk(name: &str, pattern: &str) -> Result<String, String> {
    let body = pretty_indented(pattern, 2)?;
    Ok(format!(
        "import * as events from 'aws-cdk-lib/aws-events';\n\nnew events.CfnRule(this, '{}', {{\n  eventPattern: {body},\n  state: 'ENABLED',\n}});\n",
        logical_id(name)
    ))
}

/// A CloudFormation logical id from a rule name: letters and digits in PascalCase, ending in
/// `Rule` (`search-available` → `SearchAvailableRule`).
pub fn logical_id(name: &str) -> String {
    let mut id: String = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|c| c.to_ascii_uppercase().to_string() + cs.as_str())
                .unwrap_or_default()
        })
        .collect();
    if id.is_empty() || id.starts_with(|c: char| c.is_ascii_digit()) {
        id.insert_str(0, "Event");
    }
    if !id.ends_with("Rule") {
        id.push_str("Rule");
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_command_is_single_line_and_quoted() {
        let cmd = aws_cli("{\n  \"a\": [\"it's\"]\n}", "{\"a\": \"x\"}");
        assert_eq!(
            cmd,
            r#"aws events test-event-pattern --event-pattern '{"a":["it'\''s"]}' --event '{"a":"x"}'"#
        );
    }

    #[test]
    fn cloudformation_and_cdk_embed_the_pattern() {
        let cf = cloudformation("search-available", r#"{"source":["aws.s3"]}"#).unwrap();
        let v: serde_json::Value = serde_json::from_str(&cf).unwrap();
        let rule = &v["Resources"]["SearchAvailableRule"];
        assert_eq!(rule["Type"], "AWS::Events::Rule");
        assert_eq!(rule["Properties"]["EventPattern"]["source"][0], "aws.s3");
        let cdk = cdk("rule-1", r#"{"source":["aws.s3"]}"#).unwrap();
        assert!(cdk.contains("new events.CfnRule(this, 'Rule1Rule', {\n  eventPattern: {\n    \"source\": [\"aws.s3\"]\n  },"), "{cdk}");
        assert!(cloudformation("x", "{").is_err());
    }

    #[test]
    fn logical_ids_are_alphanumeric() {
        assert_eq!(logical_id("search-available"), "SearchAvailableRule");
        assert_eq!(logical_id("42 things"), "Event42ThingsRule");
        assert_eq!(logical_id("---"), "EventRule");
        assert_eq!(logical_id("MyRule"), "MyRule");
    }
}
