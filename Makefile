# Vitni: the two set-up commands (see README.md), installing for daily use, and a few helpers.
SWIFT ?= swift
PREFIX ?= /usr/local
# `make install CONFIGURATION=debug` installs the debug build (what `make test` checks the layout with).
CONFIGURATION ?= release
VITNI := .build/debug/vitni
BUILT := .build/$(CONFIGURATION)/vitni
MANUAL := .build/manual

BINDIR := $(PREFIX)/bin
SHAREDIR := $(PREFIX)/share/vitni
MANDIR := $(PREFIX)/share/man/man1
BASHDIR := $(PREFIX)/share/bash-completion/completions
ZSHDIR := $(PREFIX)/share/zsh/site-functions
FISHDIR := $(PREFIX)/share/fish/vendor_completions.d

.PHONY: deps build demo certificate-sample test lint install uninstall bench samples clean

deps:
	scripts/install-deps

build: deps
	$(SWIFT) build --product vitni

demo: build
	$(VITNI) demo --samples samples

# The demo's integrity certificates printed to PDF by headless Chromium, each first page as a picture.
certificate-sample: demo
	@for page in vitni-demo-output/*-certificate.html; do \
	    profile=$$(mktemp -d) && \
	    chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --user-data-dir=$$profile \
	        --print-to-pdf=$${page%.html}.pdf file://$(CURDIR)/$$page 2>/dev/null && \
	    rm -rf $$profile && \
	    pdftoppm -png -r 60 -f 1 -l 1 -singlefile $${page%.html}.pdf $${page%.html}-page-1 && \
	    echo "printed $${page%.html}.pdf ($$(pdfinfo $${page%.html}.pdf | sed -n 's/^Pages: *//p') pages)"; done

# Warnings are errors for Vitni's own modules, every import names a declared dependency, the
# formatting is the repo's, and the installed layout works; tests run against the same build.
test: deps lint
	$(SWIFT) build --build-tests -Xswiftc -warnings-as-errors --explicit-target-dependency-import-check error
	scripts/check-install
	$(SWIFT) test --skip-build

lint:
	$(SWIFT) format lint --strict --recursive --parallel Package.swift Sources Tests

# A build into PREFIX: the binary, the shipped protocols and the demo's samples (found by the
# binary under PREFIX/share/vitni), man pages and shell completions.
install: deps
	$(SWIFT) build -c $(CONFIGURATION) --product vitni
	$(SWIFT) build --product generate-manual
	rm -rf $(MANUAL) && mkdir -p $(MANUAL)
	.build/debug/generate-manual $(BUILT) --multi-page --output-directory $(MANUAL)
	install -d $(BINDIR) $(SHAREDIR)/protocols $(SHAREDIR)/samples $(MANDIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	install -m 0755 $(BUILT) $(BINDIR)/vitni
	install -m 0644 protocols/*.yaml $(SHAREDIR)/protocols/
	install -m 0644 samples/README.md samples/interview.flac samples/interview.vtt samples/notes.jsonl $(SHAREDIR)/samples/
	# swift-argument-parser names pages vitni.seal.1; man finds them as vitni-seal, git-style.
	for page in $(MANUAL)/*.1; do \
	    install -m 0644 $$page $(MANDIR)/$$(basename $$page .1 | tr . -).1; done
	$(BUILT) --generate-completion-script bash > $(BASHDIR)/vitni
	$(BUILT) --generate-completion-script zsh > $(ZSHDIR)/_vitni
	$(BUILT) --generate-completion-script fish > $(FISHDIR)/vitni.fish
	@echo "installed $$($(BINDIR)/vitni --version) into $(PREFIX)"

uninstall:
	rm -f $(BINDIR)/vitni $(MANDIR)/vitni.1 $(MANDIR)/vitni-*.1
	rm -f $(BASHDIR)/vitni $(ZSHDIR)/_vitni $(FISHDIR)/vitni.fish
	rm -rf $(SHAREDIR)

bench: deps
	scripts/bench --only all --long-minutes 60

samples:
	samples/make-samples

clean:
	rm -rf .build
