"""`syndicate transliterate`: Persian lines on stdin, exactly one Tajik line per line on stdout."""

import subprocess


def test_one_output_line_per_input_line_with_empty_lines_kept(run_cli, corpus):
    dev = (corpus / "fa-tg" / "dev.fa").read_text(encoding="utf-8").splitlines()[:40]
    lines = ["", *dev[:10], "", "", "ZXQ0 و ZXQ1", *dev[10:], "  ", ""]
    result = run_cli("transliterate", "--from", "fa", "--to", "tg", input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    output = result.stdout.split("\n")
    assert output[-1] == "" and len(output) - 1 == len(lines)
    for source, converted in zip(lines, output):
        assert (converted.strip() == "") == (source.strip() == "")
    assert output[13] == "ZXQ0 ва ZXQ1"


def test_last_line_without_newline_and_crlf(run_cli):
    result = run_cli("transliterate", input="کتاب\r\nمن")
    assert result.stdout == "Китоб\nМан\n"


def test_unsupported_pairs_are_usage_errors(run_cli):
    for source, target in [("en", "tg"), ("fa", "ru"), ("fa", "xx"), ("tg", "fa")]:
        result = run_cli("transliterate", "--from", source, "--to", target, input="کتاب\n")
        assert result.exit_code == 2
        assert result.stderr.startswith(f"Error: cannot transliterate {source} → {target}")
        assert "only --from fa --to tg" in result.stderr
    assert run_cli("transliterate", "--from", "fa", "--to", "tajik", input="").exit_code == 0


def test_missing_model_folder_is_a_model_error(run_cli, tmp_path):
    result = run_cli("transliterate", "--model", tmp_path / "none", input="کتاب\n")
    assert result.exit_code == 5
    assert result.stderr.startswith("Error: Tajik character model folder")
    assert "Traceback" not in result.output


def test_subprocess_pipeline(syndicate_exe):
    done = subprocess.run([syndicate_exe, "transliterate"], input="کتاب من\n\n۱۲۳ URL\n".encode(),
                          capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == "Китоби ман\n\n123 URL\n"


def test_reads_a_file_argument(run_cli, tmp_path):
    source = tmp_path / "lines.fa"
    source.write_text("کتاب‌ها\n\nZXQ0\n", encoding="utf-8")
    assert run_cli("transliterate", source).stdout == "Китобҳо\n\nZXQ0\n"
