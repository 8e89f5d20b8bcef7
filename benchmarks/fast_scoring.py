"""The matrix-free scoring kernel that the batch benchmark measures: probabilities only, no interval.

It used to live in the package, but nothing there called it: ``score`` also prints each row's plausible
range, whose spread is a quadratic form over the design matrix, so it builds that matrix per chunk anyway
(and its cost is the per-row validation, several times the scoring). Kept here, tested against the
matrix product in tests/test_features.py, so the benchmark's ratio still means what it says.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd

from interview_signals.estimate.batch import RawColumns
from interview_signals.estimate.features import (
    CLOCK,
    NO_REPLY_COLUMN,
    OVER,
    REPLY_CODES,
    REPLY_COLUMNS,
    SELLING_CODES,
    SELLING_COLUMNS,
    SHORT,
    SILENCE_COLUMN,
    STAGE_CODES,
    STAGE_COLUMNS,
    SignalColumns,
    _length_share,
    _no_reply,
)
from interview_signals.estimate.model import Model, logistic

SCORE_CHUNK_ROWS = 1 << 15  # small enough that every intermediate array stays in the CPU cache

if not len(SELLING_CODES) == len(REPLY_CODES) == 4:
    raise AssertionError("linear_predictor indexes the selling and reply codes by two bits each")


def linear_predictor(
    cols: SignalColumns, intercept: float, coefficients: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """``intercept + feature_matrix(cols) @ coefficients`` without building the matrix.

    Each categorical signal's codes are contracted with its coefficients first, so a row costs a
    handful of table look-ups: the way to score millions of interviews in little time and memory.
    """
    # The three categorical signals in one look-up, in a (stage, selling, reply) table of summed effects
    # indexed by bits: two for selling and two for reply. An unknown code, -1, is all ones in two's
    # complement, so "& 3" picks the last row, which is "unknown" in both tables.
    categorical = (
        (np.asarray(STAGE_CODES) @ coefficients[STAGE_COLUMNS] + intercept)[:, None, None]
        + (np.asarray(SELLING_CODES) @ coefficients[SELLING_COLUMNS])[None, :, None]
        + (np.asarray(REPLY_CODES) @ coefficients[REPLY_COLUMNS])[None, None, :]
    ).ravel()
    three, four, sixteen = np.int8(3), np.int8(4), np.int8(16)  # int8 codes stay int8: a cheap index
    log_odds = categorical.take(
        cols.stage * sixteen + (cols.role_selling & three) * four + (cols.follow_up_reply & three)
    )
    share = _length_share(cols)
    log_odds += coefficients[OVER] * np.fmax(share, 0.0)
    log_odds -= coefficients[SHORT] * np.fmin(share, 0.0)
    log_odds += coefficients[NO_REPLY_COLUMN] * _no_reply(cols)
    log_odds += coefficients[SILENCE_COLUMN] * CLOCK.weight(cols.waited_days, cols.follow_up_day, cols.decision_day)
    return np.asarray(log_odds, dtype=np.float64)


def score_frame(model: Model, frame: pd.DataFrame, today: date | None = None) -> npt.NDArray[np.float64]:
    """P(offer or next round) for every row of a frame of raw observation columns.

    Works through the rows in cache-sized chunks, on every core (numpy releases the GIL inside its
    loops), and never builds the design matrix: a million interviews take a few times as long as one
    matrix product over their finished features.
    """
    raw = RawColumns.of(frame, today)
    out = np.empty(len(raw))

    def score(start: int) -> None:
        rows = slice(start, start + SCORE_CHUNK_ROWS)
        log_odds = linear_predictor(raw.signals(rows), model.intercept, model.coefficients)
        out[rows] = logistic(log_odds)

    starts = range(0, len(raw), SCORE_CHUNK_ROWS)
    if len(starts) <= 1:
        for start in starts:
            score(start)
    else:
        with ThreadPoolExecutor(max_workers=min(len(starts), os.cpu_count() or 1)) as pool:
            list(pool.map(score, starts))
    return out
