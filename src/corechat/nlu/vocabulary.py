"""Ordinary English words a traveller types in a hotel chat.

A town whose whole name is one of these ("Mobile", "Nice", "Reading", "Of") is a destination only
with evidence, and these words are never sent to the fuzzy matcher as misspelt places.
"""

from __future__ import annotations

_WORDS = """
a about above across actually add added adding after afternoon again against ago airport all allow allowed
allows almost alone along already also although always am an and another any anybody anyone anything
anyway anywhere apartment are area around arrival arrive arriving as ask asked at available avenue away
back bad be beach bed beds been before begin being best better between big bit book booked booking both
breakfast bring budget business but buy by call can cancel cancellation cancellable cannot cant car
center centre change changed cheap cheaper cheapest check checked checking checkin checkout child children
choose city class clean close come comes coming confirm confirmed could couple course date dates day days
deal decent depart departing departure did different dinner do does dollar dollars done dont double down
downtown during each earlier early either else end enough euro euros even evening ever every everything
exactly except expensive extra family fancy far fast few fine find first five flight for four free friday
friend friends from full get give go going good got great group guest guests had half happy has have
having he hello help her here hey hi high higher him his holiday home hope hostel hotel hotels house houses
how however hundred i if im in inn instead is it its just keep kind know large last late later least leave
leaving less let lets like likely little live lobby local long look looking lot love low lower luxury made
main make many max maximum maybe me mean meeting middle might mind mine minimum monday month more morning
most motel move much must my myself name near nearby need needed needs never new next nice night nightly
nights nine no non none noon nope normal not nothing now number of off ok okay old on once one ones only
open option options or order other others our out over own park parking party pay people per perfect
person persons pet pets place places plan plans please plus pool possible prefer preferably price prices
private quiet rate rated rather rating really refund refundable rent reservation reserve resort rest
restaurant right room rooms round run same saturday say search second see seven shall she should show
single six small smoking so some someone something sometime soon sorry sort spa stars start stay staying
still stop street such suite sunday sure take than thank thanks that the their them then there these they
thing things think third this those three through thursday till time to today together tomorrow tonight
too top total town trip triple tuesday twin two under until up upon us use very view visit visiting wait
want wanted was way we wednesday week weekend weeks well went were what when where which while who whole
why wifi will wish with within without work would yeah year yes yet you your yours
garden gardens inn inns suites suite hilton marriott hyatt westin sheraton holiday express plaza grand palace
lodge tower towers court courtyard residence hampton embassy doubletree radisson ritz carlton wyndham motel
comfort quality fairfield springhill homewood aloft kimpton omni hostel boutique airbnb marina harbor harbour
square white central north south east west green red blue black golden royal little upper lower
square hotel tower downtown midtown uptown airport conference convention center centre station
best bath mobile reading split sale deal gap date bay police marks union orange temple independence normal
bend young hope price plain early long ocean lake park march may june august
""".split()

MONTHS_AND_DAYS = frozenset(
    """january february march april may june july august september october november december jan feb mar apr
    jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday""".split()
)

COMMON = frozenset(_WORDS) | MONTHS_AND_DAYS
