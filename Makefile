# ream: a local paper store in SQLite, its `ream` command and a Neovim plugin.
#
#   make            build/ream, build/libream.a and lua/ream/core.so
#   make test       every test; ends with "N passed, N failed"
#   make demo       import the sample library and search it (Neovim on a tty)
#   make bench      the benchmarks (see BENCHMARKS.md)
#
# Every variable can be overridden: make CC=clang LUA_CFLAGS=...

CC ?= cc
PKG_CONFIG ?= pkg-config
AR ?= ar

WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
       -Wpointer-arith -Wcast-qual -Wformat=2 -Wundef
OPT ?= -O2 -g
CFLAGS ?= $(OPT)
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	$(WARN) -fPIC $(CFLAGS) $(DEPS_CFLAGS)

DEPS = sqlite3 jansson libutf8proc
DEPS_CFLAGS ?= $(shell $(PKG_CONFIG) --cflags $(DEPS))
DEPS_LIBS ?= $(shell $(PKG_CONFIG) --libs $(DEPS))

# The Lua module is built against LuaJIT's headers (the Lua 5.1 API) and
# never linked against a Lua library: the host program provides it.
LUA_CFLAGS ?= $(shell $(PKG_CONFIG) --cflags luajit 2>/dev/null || \
	$(PKG_CONFIG) --cflags lua5.1)
UNAME_S := $(shell uname -s)
ifeq ($(UNAME_S),Darwin)
MODULE_LDFLAGS ?= -bundle -undefined dynamic_lookup
else
MODULE_LDFLAGS ?= -shared
endif

.DEFAULT_GOAL := all

B = build
CORE_SRC = $(filter-out core/cli.c core/lua_ream.c,$(wildcard core/*.c))
CORE_OBJ = $(CORE_SRC:core/%.c=$(B)/obj/%.o)
TEST_SRC = $(wildcard tests/c/test_*.c)
TEST_BIN = $(TEST_SRC:tests/c/%.c=$(B)/tests/%)
MODULE = lua/ream/core.so

.PHONY: all test tests demo bench clean deps-build deps-test deps-demo

# The Debian packages each step needs: installed when missing (see the
# script), or the exact apt-get line is printed.
deps-build deps-test deps-demo:
	@sh tests/deps.sh $(@:deps-%=%)

all: $(B)/ream $(B)/libream.a $(MODULE)

$(B)/obj/%.o: core/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/libream.a: $(CORE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $(CORE_OBJ)

$(B)/ream: $(B)/obj/cli.o $(B)/libream.a
	$(CC) $(ALL_CFLAGS) -o $@ $(B)/obj/cli.o $(B)/libream.a $(DEPS_LIBS) $(LDFLAGS) -lm

$(B)/obj/lua_ream.o: core/lua_ream.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LUA_CFLAGS) -MMD -MP -c -o $@ $<

$(MODULE): $(B)/obj/lua_ream.o $(B)/libream.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(MODULE_LDFLAGS) -o $@ $(B)/obj/lua_ream.o \
		$(B)/libream.a $(DEPS_LIBS) $(LDFLAGS) -lm

$(B)/tests/%: tests/c/%.c tests/c/testutil.h $(B)/libream.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Icore -MMD -MP -o $@ $< $(B)/libream.a \
		$(DEPS_LIBS) $(shell $(PKG_CONFIG) --libs cmocka) $(LDFLAGS) -lm

test: deps-test
	@$(MAKE) --no-print-directory all tests
	@sh tests/run

tests: $(TEST_BIN)

demo: deps-demo
	@$(MAKE) --no-print-directory all
	@sh tests/demo

bench: all
	@sh tests/bench/run $(SIZE)

clean:
	rm -rf $(B) $(MODULE)

# ---- Sanitizers, valgrind, stress and fuzzing ---------------------------
#
#   make san        the core, its tests, the CLI and the Lua module built
#                   with ASan and UBSan in build/san/ (tests/san/run.sh)
#   make stress     the crash, fault and allocation-failure drivers in
#                   build/stress/ (tests/stress/run.sh)
#   make fuzz       every libFuzzer target for FUZZ_SECONDS each, one after
#                   the other (tests/fuzz/run.sh); make test replays the
#                   corpora and runs each target a few seconds

SAN_CC ?= clang
SAN_FLAGS ?= -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
SAN_OPT ?= -O1 -g
SAN_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	$(WARN) -fPIC $(SAN_OPT) $(SAN_FLAGS) $(DEPS_CFLAGS)
S = $(B)/san
SAN_OBJ = $(CORE_SRC:core/%.c=$(S)/obj/%.o)
SAN_TEST_BIN = $(TEST_SRC:tests/c/%.c=$(S)/tests/%)
SAN_MODULE = $(S)/lua/ream/core.so

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 300
FUZZ_FLAGS ?= -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
FUZZ_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	$(WARN) -O1 -g $(FUZZ_FLAGS) $(DEPS_CFLAGS)
F = $(B)/fuzz
FUZZ_OBJ = $(CORE_SRC:core/%.c=$(F)/obj/%.o)
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=$(F)/%)

STRESS_SRC = $(wildcard tests/stress/*.c)
STRESS_BIN = $(STRESS_SRC:tests/stress/%.c=$(B)/stress/%)

.PHONY: san stress fuzz fuzz-build

san: $(S)/libream.a $(S)/ream $(SAN_TEST_BIN) $(SAN_MODULE)

$(S)/obj/%.o: core/%.c
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) -MMD -MP -c -o $@ $<

$(S)/obj/lua_ream.o: core/lua_ream.c
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) $(LUA_CFLAGS) -MMD -MP -c -o $@ $<

$(S)/libream.a: $(SAN_OBJ)
	@rm -f $@
	$(AR) rcs $@ $(SAN_OBJ)

$(S)/ream: $(S)/obj/cli.o $(S)/libream.a
	$(SAN_CC) $(SAN_CFLAGS) -o $@ $(S)/obj/cli.o $(S)/libream.a \
		$(DEPS_LIBS) $(LDFLAGS) -lm

$(S)/tests/%: tests/c/%.c tests/c/testutil.h $(S)/libream.a
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) -Icore -MMD -MP -o $@ $< $(S)/libream.a \
		$(DEPS_LIBS) $(shell $(PKG_CONFIG) --libs cmocka) $(LDFLAGS) -lm

# The module links the shared sanitizer runtime, which the Lua interpreter
# loads first through LD_PRELOAD (tests/san/run.sh).
$(SAN_MODULE): $(S)/obj/lua_ream.o $(S)/libream.a
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) -shared-libsan $(MODULE_LDFLAGS) -o $@ \
		$(S)/obj/lua_ream.o $(S)/libream.a $(DEPS_LIBS) $(LDFLAGS) -lm

stress: $(STRESS_BIN)

$(B)/stress/%: tests/stress/%.c $(B)/libream.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Icore -MMD -MP -o $@ $< $(B)/libream.a \
		$(DEPS_LIBS) $(LDFLAGS) -lm -lutil

fuzz-build: $(FUZZ_BIN)

fuzz: fuzz-build
	@sh tests/fuzz/run.sh --seconds $(FUZZ_SECONDS)

$(F)/obj/%.o: core/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c \
		-o $@ $<

$(F)/libream.a: $(FUZZ_OBJ)
	@rm -f $@
	$(AR) rcs $@ $(FUZZ_OBJ)

$(F)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(F)/libream.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Icore -MMD -MP -o $@ $< \
		$(F)/libream.a $(DEPS_LIBS) $(LDFLAGS) -lm

-include $(wildcard $(B)/obj/*.d $(B)/tests/*.d)
-include $(wildcard $(S)/obj/*.d $(S)/tests/*.d $(F)/obj/*.d $(F)/*.d \
	$(B)/stress/*.d)
