import re

from corechat.payments.demo import DemoWallet


async def cards(mode="test", tenant_id="ten_1", actor_id="act_1"):
    return await DemoWallet().list_cards(tenant_id=tenant_id, actor_id=actor_id, mode=mode)


async def test_every_actor_has_a_default_visa_and_a_mastercard():
    visa, mastercard = await cards(mode="live")

    assert (visa.brand, visa.is_default) == ("visa", True)
    assert (mastercard.brand, mastercard.is_default) == ("mastercard", False)


async def test_cards_are_references_with_a_last4_and_an_expiry_after_2026():
    for card in await cards():
        assert re.fullmatch(r"card_[a-z2-7]{16}", card.payment_card_id)
        assert re.fullmatch(r"\d{4}", card.last4)
        assert 1 <= card.exp_month <= 12
        assert 2027 < card.exp_year <= 2031


async def test_a_test_key_also_lists_a_card_that_always_declines():
    *_, declining = await cards(mode="test")

    assert len(await cards(mode="test")) == 3
    assert (declining.last4, declining.is_default) == ("0002", False)


async def test_a_live_key_never_lists_the_declining_card():
    assert [card.last4 for card in await cards(mode="live")].count("0002") == 0


async def test_an_actors_cards_are_the_same_every_time():
    assert await cards() == await cards()
    assert (await cards(mode="test"))[:2] == await cards(mode="live")


async def test_actors_have_cards_of_their_own():
    mine = {card.payment_card_id for card in await cards(actor_id="act_1")}
    theirs = {card.payment_card_id for card in await cards(actor_id="act_2")}
    other_tenant = {card.payment_card_id for card in await cards(tenant_id="ten_2")}

    assert mine.isdisjoint(theirs)
    assert mine.isdisjoint(other_tenant)


async def test_exactly_one_card_is_the_default():
    assert [card.is_default for card in await cards()].count(True) == 1
