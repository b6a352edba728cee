# Quire. `make book` builds the handbook in every format; `make test` installs the external
# validators the tests use (if missing) and runs the whole test suite.
.PHONY: book test tools check bench clean

CARGO ?= cargo

book:
	$(CARGO) run --release -p quire --bin publish -- build manuscript --format epub,pdf,html

test: tools
	$(CARGO) test --workspace

# External validators the test suite runs. Idempotent: installs only what is missing.
tools:
	bash .ci/install-tools

check:
	$(CARGO) run -p quire --bin publish -- check manuscript

bench:
	$(CARGO) bench -p quire-suite

clean:
	$(CARGO) clean
