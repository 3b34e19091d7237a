# Thin wrapper around CMake.  `make demo` and `make check` do everything
# on a fresh Debian 12 machine (as root they install what is missing).
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
ifeq ($(CI),true)
CMAKE_FLAGS += -DSWDOCTOR_WERROR=ON
endif

# Debian packages the build, the bench and the peer tests need.
DEPS = cmake make gcc pkg-config libusb-1.0-0-dev libjansson-dev libcmocka-dev \
       libdw-dev libunicorn-dev gcc-arm-none-eabi binutils-arm-none-eabi \
       openocd stlink-tools gdb-multiarch python3

MAKEFLAGS += --no-print-directory
.PHONY: all build deps demo check unit-asan bench install clean loaders

all: build

deps:
	@missing=""; for p in $(DEPS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "make deps: installing$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	else \
	  echo "make deps: missing packages. Run as root:"; \
	  echo "  apt-get install -y$$missing"; \
	  exit 1; \
	fi

$(BUILD)/CMakeCache.txt:
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null

build: $(BUILD)/CMakeCache.txt
	@cmake --build $(BUILD) -j $(JOBS)

# The unit tests again under AddressSanitizer and UBSan (no bench peers:
# the bench's libusb is preloaded into programs we did not build).
unit-asan:
	@cmake -S . -B $(ASAN_BUILD) -DSWDOCTOR_SANITIZE=ON -DSWDOCTOR_WITH_FIRMWARE=OFF $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS) >/dev/null
	@echo "== unit tests under AddressSanitizer + UndefinedBehaviorSanitizer"
	@cd $(ASAN_BUILD) && ctest -L unit --output-on-failure -j $(JOBS)

demo: deps build
	@scripts/demo.sh $(BUILD)

# Everything; CTest's summary of the full run is the last thing printed.
check: deps build unit-asan
	@echo "== all tests"
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: deps build
	@bench/run.sh $(BUILD)

install: build
	@cmake --install $(BUILD)

# Regenerate the flash loaders' committed byte arrays (loader/).
loaders: build
	@cmake --build $(BUILD) --target loaders

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
