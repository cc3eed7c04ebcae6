# interop.mk: installs the third-party Parquet readers (DuckDB, nodejs-polars)
# that internal/interop's tests run. Included from the top-level Makefile, so
# paths are relative to the repository root.
#
#   make interop-deps    npm ci, only when node_modules is missing or older
#                        than package.json / package-lock.json
#
# The stamp lives inside node_modules: deleting node_modules removes it too,
# and `npm ci` empties node_modules before installing, so a failed install
# leaves no stamp behind.
#
# npm prints an EBADENGINE warning for nodejs-polars-linux-x64-gnu (it asks
# for node >= 22); it loads and works on node 20, see doc.go.

INTEROP_NODE_DIR := internal/interop/node
INTEROP_STAMP := $(INTEROP_NODE_DIR)/node_modules/.hrgflow-interop-deps.stamp

# interop_need_tool fails the recipe with a clear message when $(1) is not on PATH.
define interop_need_tool
command -v $(1) >/dev/null 2>&1 || { \
  echo "interop-deps: '$(1)' not found on PATH; install Node.js >= 20 with npm (Debian: apt-get install nodejs npm)" >&2; \
  exit 1; }
endef

.PHONY: interop-deps
interop-deps: $(INTEROP_STAMP)
	@$(call interop_need_tool,node)

$(INTEROP_STAMP): $(INTEROP_NODE_DIR)/package.json $(INTEROP_NODE_DIR)/package-lock.json
	@$(call interop_need_tool,node)
	@$(call interop_need_tool,npm)
	npm ci --prefix $(INTEROP_NODE_DIR) --no-audit --no-fund
	@touch $@
