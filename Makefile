# Vitni: the two set-up commands (see README.md) and a few helpers.
SWIFT ?= swift
VITNI := .build/debug/vitni

.PHONY: deps build demo test bench samples clean

deps:
	scripts/install-deps

build: deps
	$(SWIFT) build --product vitni

demo: build
	$(VITNI) demo --samples samples

# Warnings are errors for Vitni's own modules; tests run against the same build.
test: deps
	$(SWIFT) build --build-tests -Xswiftc -warnings-as-errors
	$(SWIFT) test --skip-build

bench: deps
	scripts/bench

samples:
	samples/make-samples

clean:
	rm -rf .build
