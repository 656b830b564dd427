import hashlib
import itertools

import pytest

from kiosk.security.codes import (
    ALPHABET,
    CODE_LENGTH,
    MalformedCode,
    code_digest,
    format_code,
    generate_code,
    normalize_code,
)
from kiosk.security.vault import Vault, new_data_key


def test_generated_codes_are_valid_and_use_no_look_alikes():
    codes = {generate_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert len(code) == CODE_LENGTH
        assert not set(code) & set("ILOU")
        assert normalize_code(code) == code


def test_input_tolerates_case_spaces_dashes_and_look_alikes():
    code = generate_code()
    typed = " " + format_code(code).lower() + " "
    assert normalize_code(typed) == code
    assert normalize_code(code.replace("0", "o").replace("1", "l")) == code


def test_every_single_wrong_symbol_is_caught_by_the_check():
    code = generate_code()
    for position, symbol in itertools.product(range(CODE_LENGTH), ALPHABET):
        if symbol == code[position]:
            continue
        typo = code[:position] + symbol + code[position + 1 :]
        with pytest.raises(MalformedCode):
            normalize_code(typo)


def test_swapping_neighbours_is_caught_by_the_check():
    caught = total = 0
    for _ in range(200):
        code = generate_code()
        for i in range(CODE_LENGTH - 1):
            if code[i] == code[i + 1]:
                continue
            total += 1
            swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
            try:
                normalize_code(swapped)
            except MalformedCode:
                caught += 1
    # Luhn mod N misses only one pair of symbols per alphabet; nearly every swap is caught.
    assert caught / total > 0.99


@pytest.mark.parametrize("typed", ["", "ABC", "7K3M-9QXT-2RHX", "7K3M-9QXT-2R!", "ҮКЕН-9QXT-2RH"])
def test_wrong_lengths_and_foreign_symbols_are_malformed(typed):
    with pytest.raises(MalformedCode):
        normalize_code(typed)


def test_the_stored_digest_does_not_contain_the_code_and_needs_the_key():
    vault, other = Vault(), Vault()
    vault.unlock(new_data_key())
    other.unlock(new_data_key())
    code = generate_code()
    digest = code_digest(vault, format_code(code).lower())
    assert digest == code_digest(vault, code)
    assert code not in digest
    assert len(digest) == 64
    # Keyed: the plain hash a copied database could be searched against is not what is stored,
    # and another installation's key gives another digest.
    assert digest != hashlib.sha256(code.encode()).hexdigest()
    assert digest != code_digest(other, code)


def test_codes_are_formatted_in_groups():
    assert format_code("7K3M9QXT2RH") == "7K3M-9QXT-2RH"
