"""Settings from CORECHAT_* variables: defaults, parsing, and clear errors naming the variable."""

from __future__ import annotations

import pytest

from corechat.config import ConfigError, Settings


def test_defaults():
    s = Settings.from_env({})
    assert (s.database_url, s.redis_url, s.rate_limit_per_minute, s.idempotency_retention_seconds) == (
        "sqlite:///./var/corechat.db", None, 120, 86400)
    assert (s.lease_seconds, s.supplier_timeout_seconds, s.session_event_limit) == (30.0, 10.0, 500)
    assert (s.max_body_bytes, s.max_text_chars, s.auth_failures_per_minute, s.trusted_proxies) == (65536, 2000, 30, ())


def test_values_are_read_and_typed():
    s = Settings.from_env({
        "CORECHAT_DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/test",
        "CORECHAT_REDIS_URL": "redis://127.0.0.1:6379/0",
        "CORECHAT_RATE_LIMIT_PER_MINUTE": "60",
        "CORECHAT_LEASE_SECONDS": "2.5",
        "CORECHAT_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.1",
        "CORECHAT_LOG_FILE": "",
    })
    assert (s.rate_limit_per_minute, s.lease_seconds, s.trusted_proxies, s.log_file) == (
        60, 2.5, ("10.0.0.0/8", "192.168.1.1"), None)
    assert not s.is_sqlite


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CORECHAT_RATE_LIMIT_PER_MINUTE": "lots"}, "CORECHAT_RATE_LIMIT_PER_MINUTE must be an integer, got 'lots'"),
        ({"CORECHAT_RATE_LIMIT_PER_MINUTE": "0"}, "CORECHAT_RATE_LIMIT_PER_MINUTE must be at least 1, got 0"),
        ({"CORECHAT_IDEMPOTENCY_RETENTION_SECONDS": "3600"},
         "CORECHAT_IDEMPOTENCY_RETENTION_SECONDS must be at least 86400, got 3600"),
        ({"CORECHAT_LEASE_SECONDS": "0"}, "CORECHAT_LEASE_SECONDS must be greater than 0, got 0.0"),
        ({"CORECHAT_DATABASE_URL": "mysql://x"}, "CORECHAT_DATABASE_URL must be sqlite:///path or postgresql://..., got 'mysql://x'"),
        ({"CORECHAT_REDIS_URL": "localhost:6379"}, "CORECHAT_REDIS_URL must be a redis:// or rediss:// URL"),
        ({"CORECHAT_LOG_LEVEL": "chatty"}, "CORECHAT_LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
        ({"CORECHAT_TRUSTED_PROXIES": "proxy.local"},
         "CORECHAT_TRUSTED_PROXIES must list IP addresses or networks, got 'proxy.local'"),
    ],
)
def test_bad_values_stop_with_a_message_naming_the_variable(env, message):
    with pytest.raises(ConfigError) as caught:
        Settings.from_env(env)
    assert str(caught.value) == message


def test_serve_stops_before_starting_when_a_setting_is_bad(monkeypatch, capsys):
    from corechat.cli import main

    monkeypatch.setenv("CORECHAT_RATE_LIMIT_PER_MINUTE", "zero")
    assert main(["serve", "--port", "1"]) == 2
    assert capsys.readouterr().err == "corechat: CORECHAT_RATE_LIMIT_PER_MINUTE must be an integer, got 'zero'\n"
