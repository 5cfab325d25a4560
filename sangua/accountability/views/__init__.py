"""Pages of accountability: findings, period close, rules, "why is this red?", bulletins, forecasts."""
