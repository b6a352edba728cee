# Quire. `make book` builds the handbook in every format; `make test` installs the external
# validators the tests use (if missing) and runs the whole test suite.
.PHONY: book test tools check bench clean fuzz-check check-all math-vs-latex

CARGO ?= cargo

book:
	$(CARGO) run --release -p quire-cli --bin publish -- build manuscript --format epub,pdf,html

test: tools
	$(CARGO) test --workspace
	$(CARGO) test -p quire-highlight --no-default-features
	# The AST crate alone, without its `raw-html` feature (the lean build a library user gets).
	$(CARGO) test -p quire-core --lib

# External validators the test suite runs. Idempotent: installs only what is missing.
tools:
	bash .ci/install-tools

# The fuzz targets are their own workspace (fuzz/): type-check and lint them so that an API change
# cannot leave them stale. Running them needs cargo-fuzz (see fuzz/README.md).
fuzz-check:
	$(CARGO) clippy --manifest-path fuzz/Cargo.toml --bins -- -D warnings

# Everything in the workspace compiles: benches and examples too, which `cargo test` leaves out
# (a bench once went stale unnoticed), the highlighter without syntect, and the docs with no
# broken or private links.
check-all:
	$(CARGO) check --workspace --all-targets
	$(CARGO) check -p quire-highlight --no-default-features --all-targets
	$(CARGO) check -p quire-core --all-targets
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --workspace --no-deps

check:
	$(CARGO) run -p quire-cli --bin publish -- check manuscript

bench:
	$(CARGO) bench -p quire-suite

# Formula boxes of the math fixture set by XeLaTeX (installed on demand) and by Quire, compared
# (issue 16: ≥ 90% within ±10%). Not part of the test suite.
math-vs-latex:
	bash benches/math_vs_latex.sh

clean:
	$(CARGO) clean
