import pickle

import pytest

from syndicate.errors import ContentError, ModelError, PartialFailure, SyndicateError


@pytest.mark.parametrize("cls", [SyndicateError, ModelError, ContentError, PartialFailure])
def test_errors_keep_message_hint_and_exit_code_across_processes(cls):
    error = cls("no en→fa translation model installed", hint="run `syndicate models install fa-AF`")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is cls
    assert (copy.message, copy.hint, copy.exit_code) == (error.message, error.hint, error.exit_code)


def test_exit_codes_are_distinct_per_family():
    families = SyndicateError.__subclasses__()
    assert len({cls.exit_code for cls in families}) == len(families)


def test_with_hint_is_the_one_line_users_see():
    assert ModelError("no model", hint="run `syndicate models install ru`").with_hint() == \
        "no model (run `syndicate models install ru`)"
    assert ContentError("empty page").with_hint() == "empty page"
