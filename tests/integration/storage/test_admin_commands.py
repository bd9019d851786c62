"""The administration commands, run as the operator runs them, on both stores."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from corechat import apikeys
from corechat.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_partners_create_json_prints_one_line_with_a_working_key(capsys, database_url):
    code, out, _ = run(
        capsys, "partners", "create", "--tenant", "acme-t", "--name", "Acme", "--rate-limit", "60",
        "--mode", "live", "--json", "--database-url", database_url,
    )

    assert code == 0
    assert out.count("\n") == 1
    created = json.loads(out)
    assert list(created) == ["partnerId", "tenantId", "apiKey", "rateLimitPerMinute", "mode"]
    assert {k: v for k, v in created.items() if k != "apiKey"} == {
        "partnerId": "acme",
        "tenantId": "acme-t",
        "rateLimitPerMinute": 60,
        "mode": "live",
    }
    assert apikeys.parse(created["apiKey"]) == "live"


def test_creating_a_taken_partner_id_fails_with_a_message(capsys, database_url):
    run(capsys, "partners", "create", "--tenant", "t", "--name", "Acme", "--database-url", database_url)

    code, out, err = run(capsys, "partners", "create", "--tenant", "t", "--name", "Acme", "--database-url", database_url)

    assert (code, out) == (1, "")
    assert err == "partner acme already exists: pass --partner-id to choose another id.\n"


def test_rotate_then_revoke_shows_in_the_listing(capsys, database_url):
    run(capsys, "partners", "create", "--tenant", "t", "--name", "Acme", "--database-url", database_url)
    code, out, _ = run(capsys, "keys", "rotate", "acme", "--grace", "1h", "--json", "--database-url", database_url)
    assert code == 0
    rotated = json.loads(out)

    code, out, _ = run(capsys, "keys", "revoke", rotated["keyId"], "--database-url", database_url)
    assert (code, out) == (0, f"Revoked key {rotated['keyId']}.\n")

    code, out, _ = run(capsys, "partners", "list", "--json", "--database-url", database_url)
    [listed] = json.loads(out)
    states = [key["state"].split()[0] for key in listed["keys"]]
    assert (listed["partnerId"], states) == ("acme", ["expires", "revoked"])


def test_revoking_an_unknown_key_fails(capsys, database_url):
    code, out, err = run(capsys, "keys", "revoke", "key_nope", "--database-url", database_url)

    assert (code, out, err) == (1, "", "No key key_nope.\n")


def test_rotating_an_unknown_partner_fails(capsys, database_url):
    code, _, err = run(capsys, "keys", "rotate", "nobody", "--database-url", database_url)

    assert (code, err) == (1, "No partner nobody.\n")


def test_a_bad_grace_period_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["keys", "rotate", "acme", "--grace", "soon"])

    assert exit_.value.code == 2


def test_db_current_reports_the_newest_migration(capsys, database_url):
    from corechat.storage.schema import HEAD_REVISION

    assert run(capsys, "db", "current", "--database-url", database_url) == (0, HEAD_REVISION + "\n", "")


def test_db_upgrade_and_the_default_database_under_var(tmp_path: Path):
    """As an operator runs it: the default URL, in a fresh directory, through the installed command."""
    env = {k: v for k, v in os.environ.items() if k != "CORECHAT_DATABASE_URL"}
    corechat = [sys.executable, "-m", "corechat"]

    upgraded = subprocess.run([*corechat, "db", "upgrade"], cwd=tmp_path, env=env, capture_output=True, text=True)
    created = subprocess.run(
        [*corechat, "partners", "create", "--tenant", "t", "--name", "Acme", "--json"],
        cwd=tmp_path, env=env, capture_output=True, text=True,
    )

    assert (upgraded.returncode, upgraded.stdout) == (0, "Schema at 0001_initial.\n"), upgraded.stderr
    assert created.returncode == 0, created.stderr
    assert json.loads(created.stdout)["partnerId"] == "acme"
    assert (tmp_path / "var" / "corechat.db").is_file()


def test_the_database_url_comes_from_the_environment(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("CORECHAT_DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")

    code, _, _ = run(capsys, "partners", "create", "--tenant", "t", "--name", "Acme")

    assert code == 0
    assert (tmp_path / "env.db").is_file()


def test_an_unusable_database_url_is_one_line_on_stderr(capsys):
    code, out, err = run(capsys, "db", "upgrade", "--database-url", "mysql://somewhere/db")

    assert (code, out) == (1, "")
    assert err == "Cannot upgrade mysql://somewhere/db: unsupported database URL scheme 'mysql': use sqlite:/// or postgresql://\n"


def test_an_unreachable_server_hides_the_password(capsys):
    code, _, err = run(capsys, "db", "current", "--database-url", "postgresql://admin:hunter2@127.0.0.1:1/db")

    assert code == 1
    assert err.startswith("Cannot read postgresql://admin:***@127.0.0.1:1/db: ")
    assert "hunter2" not in err
