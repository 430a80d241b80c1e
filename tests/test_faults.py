"""Faults that lost articles or answered wrong (issue 17), reproduced through the real
``kg`` console script as a user meets them:

1. JSONL edge cases: a 5,000-digit integer, an early NUL, ``/dev/zero``, a FIFO, an
   endless line on stdin; each reject names ``FILE:LINE`` and no line loses another.
   (The stores' cases, 2-5, are in tests/test_faults_stores.py; 6, identity by content,
   in tests/test_pipeline.py.)
"""

from __future__ import annotations

import os
import resource
import subprocess

import pytest

from helpers import BAD, GB, KG, kg, stderr_lines


def peak_rss_of_children() -> int:
    """Peak resident memory (bytes) of the largest child this process has waited for."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


def run_capped(args: list[str], cap: int = 2 * GB, **kw) -> subprocess.CompletedProcess:
    """``kg ARGS`` with its address space capped (RLIMIT_AS): it can never grow past
    ``cap`` unnoticed (it fails instead, which the test sees)."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    return subprocess.run([KG, *args], capture_output=True, timeout=300, preexec_fn=limit, **kw)


# --- 1. the JSONL loader ---------------------------------------------------------------


def test_huge_integer_on_line_2_keeps_all_100_articles_and_names_line_2(tmp_path):
    src = BAD / "huge-int.jsonl"
    result = kg("ingest", src, "-w", tmp_path / "kg-data")
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().startswith("100 articles: 100 new, 0 updated, 0 unchanged")
    assert stderr_lines(result) == [f"kg: warning: {src}:2: a number of 5,000 digits, kept as its digits"]


def test_early_nul_rejects_its_line_and_keeps_the_other_100(tmp_path):
    src = BAD / "early-nul.jsonl"
    assert b"\x00" in src.read_bytes()[:4096]
    result = kg("ingest", src, "-w", tmp_path / "kg-data")
    assert result.returncode == 1
    assert result.stdout.decode().startswith("100 articles: 100 new")
    assert stderr_lines(result) == [f"kg: rejected: {src}:2: a NUL byte at column 31 (binary data, not JSON)",
                                    "kg: 1 input(s) rejected"]


def test_a_file_of_binary_data_is_still_refused_whole():
    result = kg("extract", BAD / "binary.jsonl", "-o", os.devnull)
    assert result.returncode == 1
    assert stderr_lines(result)[0] == f"kg: rejected: {BAD / 'binary.jsonl'}: binary file, not text (it contains NUL bytes)"


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_up_front_in_bounded_memory(path):
    result = run_capped(["extract", path, "-o", os.devnull])
    assert result.returncode == 1
    assert stderr_lines(result) == [
        f"kg: rejected: {path}: a character device, not a regular file: refused (pipe a stream through stdin, -, "
        "instead)", "kg: 0 articles extracted, 1 rejected"]


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)  # nobody writes it: opening it to read would block forever
    result = kg("extract", tmp_path, "-o", os.devnull, timeout=60)  # in a directory walk too
    assert result.returncode == 1
    assert stderr_lines(result)[0] == (f"kg: rejected: {fifo}: a FIFO (named pipe), not a regular file: refused "
                                       "(pipe a stream through stdin, -, instead)")


def test_endless_zeros_on_stdin_end_in_bounded_memory():
    with open("/dev/zero", "rb") as zeros:
        result = run_capped(["extract", "-", "-o", os.devnull, "--max-line-bytes", "1000000"], stdin=zeros)
    assert result.returncode == 1
    assert stderr_lines(result) == [
        "kg: rejected: <stdin>:1: line longer than 1,000,000 bytes (--max-line-bytes): skipped; the rest of the "
        "input is not read", "kg: 0 articles extracted, 1 rejected"]


def test_an_over_long_line_is_rejected_and_the_next_one_kept(tmp_path):
    src = tmp_path / "long.jsonl"
    good = '{"title": "青山区召开会议", "text": "6月1日，青山区召开会议。"}\n'
    src.write_text(good + '{"title": "长", "text": "' + "长" * 10_000 + '"}\n' + good.replace("6月1日", "6月2日"),
                   encoding="utf-8")
    result = kg("extract", src, "-o", os.devnull, "--max-line-bytes", "20000")
    assert result.returncode == 1
    assert stderr_lines(result) == [f"kg: rejected: {src}:2: line longer than 20,000 bytes (--max-line-bytes): "
                                    "skipped", "kg: 2 articles extracted, 1 rejected"]
    result = kg("extract", src, "-o", os.devnull, "--max-article-chars", "5000")
    assert stderr_lines(result)[0] == (f"kg: rejected: {src}:2: article longer than 5,000 characters "
                                       "(--max-article-chars): skipped")


def test_an_over_large_document_is_refused_unread(tmp_path):
    src = tmp_path / "big.json"
    src.write_text('[{"title": "甲", "text": "' + "甲" * 5000 + '"}]', encoding="utf-8")
    result = kg("extract", src, "-o", os.devnull, "--max-document-bytes", "10000")
    assert result.returncode == 1
    assert stderr_lines(result)[0] == f"kg: rejected: {src}: larger than 10,000 bytes (--max-document-bytes): not read"


@pytest.mark.parametrize("name", ["page.utf8.txt", "page.gbk.txt"])
def test_one_damaged_region_never_loses_a_whole_page(tmp_path, name):
    """Encoding sniffing of a page read whole: a stray byte in the middle of an otherwise
    UTF-8 (or GBK) page is read as U+FFFD with one warning naming file and byte; before,
    the whole page was refused ('cannot decode')."""
    data = (BAD.parent / name).read_bytes()
    middle = len(data) // 2
    while name.endswith("utf8.txt") and data[middle] & 0xC0 == 0x80:
        middle += 1  # not inside a UTF-8 character
    src = tmp_path / name
    src.write_bytes(data[:middle] + b"\xff" + data[middle:])
    result = kg("extract", src, "-o", os.devnull)
    assert result.returncode == 0, result.stderr
    lines = stderr_lines(result)
    assert lines[0].startswith(f"kg: warning: {src}: ") and "undecodable byte sequence(s) in otherwise" in lines[0]
    assert lines[-1] == "kg: 2 articles extracted, 0 rejected"
