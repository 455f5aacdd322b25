"""getToken as documented: 30 minutes, reuse, +5 minutes under 1 minute left, 401s."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import requests
from support.sandbox import Api, assert_error


def test_token_is_reused_while_valid(api: Api) -> None:
    first = api.get_token().json()
    assert first["code"] == 0
    token = first["response"]
    assert token["expired_at"] - token["now"] == 30 * 60
    api.advance(10 * 60)
    again = api.get_token().json()["response"]
    assert again["access_token"] == token["access_token"]
    assert again["expired_at"] == token["expired_at"]
    assert 600 <= again["now"] - token["now"] <= 601


def test_expiry_extends_by_five_minutes_with_under_a_minute_left(api: Api) -> None:
    token = api.get_token().json()["response"]
    api.advance(29 * 60 + 30)
    extended = api.get_token().json()["response"]
    assert extended["access_token"] == token["access_token"]
    assert extended["expired_at"] == token["expired_at"] + 5 * 60
    # With more than a minute left the expiry stays.
    assert api.get_token().json()["response"]["expired_at"] == extended["expired_at"]


def test_new_token_after_expiry_and_old_one_is_refused(api: Api) -> None:
    old = api.get_token().json()["response"]["access_token"]
    api.advance(30 * 60)
    assert_error(api.get("/payments/imp_demo_vbank_paid", token=old), 401)
    new = api.get_token().json()["response"]
    assert new["access_token"] != old
    assert new["expired_at"] - new["now"] == 30 * 60
    assert api.get("/payments/imp_demo_vbank_paid", token=new["access_token"]).status_code == 200


def test_wrong_or_missing_credentials_give_401(api: Api) -> None:
    assert_error(api.get_token(secret="wrong"), 401)
    assert_error(api.get_token(key="nobody"), 401)
    assert_error(requests.post(f"{api.url}/users/getToken", json={"imp_key": "sandbox_key"}), 401)


def test_form_encoded_get_token(api: Api) -> None:
    response = requests.post(
        f"{api.url}/users/getToken", data={"imp_key": "sandbox_key", "imp_secret": "sandbox_secret"}
    )
    assert response.status_code == 200
    assert response.json()["response"]["access_token"]


def test_missing_and_unknown_tokens_give_401(api: Api) -> None:
    assert_error(requests.get(f"{api.url}/payments/imp_demo_vbank_paid"), 401)
    assert_error(api.get("/payments/imp_demo_vbank_paid", token="not-a-token"), 401)
    bad_scheme = requests.get(
        f"{api.url}/payments/imp_demo_vbank_paid", headers={"Authorization": "Basic abc def"}
    )
    assert_error(bad_scheme, 401)


def test_concurrent_get_token_calls_share_one_token(api: Api) -> None:
    def fetch(_: int) -> str:
        body = {"imp_key": "sandbox_key", "imp_secret": "sandbox_secret"}
        return requests.post(f"{api.url}/users/getToken", json=body, timeout=10).json()["response"][
            "access_token"
        ]

    with ThreadPoolExecutor(16) as pool:
        assert len(set(pool.map(fetch, range(16)))) == 1
