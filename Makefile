# Launchline: plain GNU make. `make run` and `make test` install what is
# missing (Debian packages, npm packages), build, and drive the scripts
# in tests/stack/. Objects live in build/ with dependency files; flavours
# (asan, fuzz) build into their own folders. The C lives in fcgi/, one
# folder a layer (LAYERS, top to bottom; tests/lint/layers.sh checks that
# includes point down only).

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc

PKGS      := fcgi libmariadb libcjson libcurl libsodium libesmtp-1.0 openssl
DEB_PKGS  := build-essential pkg-config libfcgi-dev libmariadb-dev \
             libcjson-dev libcurl4-openssl-dev libesmtp-dev libsodium-dev \
             libcmocka-dev mariadb-server mariadb-client nginx chromium \
             python3-aiosmtpd openssl libssl-dev wrk clang libclang-rt-14-dev \
             cppcheck galera-4 mariadb-backup socat
NPM_CACHE := $(CURDIR)/build/npm-cache

WARN := -std=c17 -Wall -Wextra -Wpedantic -Wshadow -Wconversion \
        -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
        -Wwrite-strings -Wvla -Wimplicit-fallthrough
WARN_GCC := -Wduplicated-cond -Wlogical-op
HARDEN := -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE
ifeq ($(CI),true)
WERROR := -Werror
endif

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

CFLAGS  ?= -O2 -g
LAYERS := cli door roles handlers http domain data provider mail ground
INC    := $(addprefix -Ifcgi/,$(LAYERS))

ALL_CFLAGS  = $(WARN) $(if $(findstring clang,$(CC)),,$(WARN_GCC)) $(WERROR) \
              $(HARDEN) $(CFLAGS) $(PKG_CFLAGS) $(INC) -MMD -MP
ALL_LDFLAGS = -pie -Wl,-z,relro,-z,now $(LDFLAGS)

SRC      := $(foreach l,$(LAYERS),$(wildcard fcgi/$(l)/*.c))
LIB_SRC  := $(filter-out fcgi/cli/main.c,$(SRC))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)

# $(call flavour,DIR) names the objects of one build flavour.
objs = $(patsubst fcgi/%.c,$(1)/obj/%.o,$(2))

B := build
OBJ      := $(call objs,$(B),$(SRC))
LIB_OBJ  := $(call objs,$(B),$(LIB_SRC))
UNIT_BIN := $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC))

.PHONY: all run test test-cluster bench lighthouse install asan fuzz lint clean \
        deps npm web unit check-unit
.DELETE_ON_ERROR:
.SECONDARY:

all: $(B)/launchline

$(B)/launchline: $(OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/obj/%.o: fcgi/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(LIB_OBJ) | $(B)/tests
	$(CC) $(ALL_CFLAGS) -MF $(@D)/.$(@F).d $(ALL_LDFLAGS) -o $@ $< \
	    $(LIB_OBJ) $(PKG_LIBS) \
	    $(shell pkg-config --libs cmocka)

$(B)/tests:
	mkdir -p $@

unit: $(UNIT_BIN)

check-unit: unit
	@set -e; for t in $(UNIT_BIN); do $$t; done

# --- what the machine needs -------------------------------------------
deps:
	@missing=$$(for p in $(DEB_PKGS); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
	    grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "installing Debian packages:" $$missing; \
	    if [ "$$(id -u)" != 0 ]; then \
	        echo "run as root, or: apt-get install $$missing" >&2; exit 1; fi; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

web/node_modules/.stamp: web/package-lock.json
	cd web && npm ci --no-audit --no-fund --cache $(NPM_CACHE)
	touch $@

tests/node_modules/.stamp: tests/package-lock.json
	cd tests && npm ci --no-audit --no-fund --cache $(NPM_CACHE)
	touch $@

npm: web/node_modules/.stamp tests/node_modules/.stamp

WEB_SRC := $(shell find web/src web/public web/index.html web/vite.config.* \
             web/package.json -type f 2>/dev/null)
web/dist/index.html: web/node_modules/.stamp $(WEB_SRC)
	cd web && npm run build
	touch $@

web: web/dist/index.html

# --- the two commands --------------------------------------------------
# CLUSTER=1: `make run` starts the cluster stack (three Galera nodes, two
# hosts; tests/stack/up.sh); `make test-cluster` runs the API tests
# through it (not part of `make test`).
CLUSTER ?= 0
run: deps
	$(MAKE) all web npm
	CLUSTER=$(CLUSTER) tests/stack/run.sh

test: deps
	$(MAKE) all unit web npm
	CLUSTER=0 tests/stack/test.sh

test-cluster: deps
	$(MAKE) all web npm
	CLUSTER=1 tests/stack/test.sh

bench: deps
	$(MAKE) all web npm
	tests/stack/bench.sh

# Lighthouse alone (mobile settings, five pages), on the bench stack with
# the other parts off (wrk for 2 s each); results in var/bench/results.md.
lighthouse: deps
	$(MAKE) all web npm
	BENCH_DURATION=2s PROVISION_N=0 CONTACTS_N=0 TEXTING_BENCH=0 \
	    PACING_BENCH=0 COUNTS_N=0 tests/stack/bench.sh

# --- flavours ----------------------------------------------------------
# ASan + UBSan: the C unit tests under the sanitizers.
asan: deps
	$(MAKE) B=build/asan CFLAGS="-O1 -g -fsanitize=address,undefined \
	    -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	    LDFLAGS="-fsanitize=address,undefined" \
	    build/asan/launchline unit
	@set -e; for t in $(patsubst $(B)/%,build/asan/%,$(UNIT_BIN)); do \
	    ASAN_OPTIONS=detect_leaks=1 $$t; done

# libFuzzer harnesses for every parser of outside input (tests/fuzz/).
FUZZ_SECONDS ?= 20
FUZZ_OBJ := $(call objs,build/fuzz,$(LIB_SRC))
FUZZ_BIN := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))
build/fuzz/obj/%.o: fcgi/%.c
	@mkdir -p $(@D)
	clang $(WARN) $(PKG_CFLAGS) $(INC) -MMD -MP -O1 -g \
	    -fsanitize=fuzzer-no-link,address,undefined -c -o $@ $<
build/fuzz/%: tests/fuzz/%.c $(FUZZ_OBJ)
	clang $(PKG_CFLAGS) $(INC) -O1 -g -fsanitize=fuzzer,address,undefined \
	    -o $@ $< $(FUZZ_OBJ) $(PKG_LIBS)
fuzz: deps
	$(MAKE) $(FUZZ_BIN)
	@set -e; for f in $(FUZZ_BIN); do \
	    mkdir -p build/fuzz/corpus/$$(basename $$f); \
	    $$f -max_total_time=$(FUZZ_SECONDS) \
	        build/fuzz/corpus/$$(basename $$f) 2>&1 | tail -n 2; done

# Banned functions (STYLE.md), the layers pointing down only, cppcheck.
lint: deps
	@! grep -nE '\b(sprintf|vsprintf|strcpy|strcat|gets|atoi|atol|strtok)\s*\(' \
	    fcgi/*/*.c fcgi/*/*.h tests/unit/*.c || \
	    { echo "lint: banned function above" >&2; exit 1; }
	tests/lint/layers.sh
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
	    --inline-suppr $(INC) fcgi

# --- install -----------------------------------------------------------
SHARE := $(PREFIX)/share/launchline
install: all web
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(SHARE)/sql/procedures \
	    $(DESTDIR)$(SHARE)/web $(DESTDIR)/etc/launchline \
	    $(DESTDIR)/lib/systemd/system $(DESTDIR)/etc/nginx/sites-available
	install -m 0755 build/launchline $(DESTDIR)$(PREFIX)/bin/launchline
	install -m 0644 sql/*.sql $(DESTDIR)$(SHARE)/sql/
	install -m 0644 sql/procedures/*.sql $(DESTDIR)$(SHARE)/sql/procedures/
	install -m 0644 fcgi/openapi.json $(DESTDIR)$(SHARE)/openapi.json
	cp -R web/dist/. $(DESTDIR)$(SHARE)/web/
	sed 's|@PREFIX@|$(PREFIX)|g' fcgi/launchline.conf.example \
	    > $(DESTDIR)/etc/launchline/launchline.conf.example
	sed 's|@PREFIX@|$(PREFIX)|g' systemd/launchline.service \
	    > $(DESTDIR)/lib/systemd/system/launchline.service
	tests/stack/render-nginx.sh production $(PREFIX) \
	    > $(DESTDIR)/etc/nginx/sites-available/launchline.conf

clean:
	rm -rf build web/dist

-include $(shell find build -name '*.d' 2>/dev/null)
