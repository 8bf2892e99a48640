#!/usr/bin/env bash
# Builds the consumer and checks that the generator loaded in the compiler (with YamlDotNet) and reported the config
# error at the YAML file, line and column: the build must fail with exactly that error and nothing else.
set -u
cd "$(dirname "$0")"
output=$(dotnet build -nologo -v:q GeneratorConsumer.csproj 2>&1)
status=$?
expected='configs/broken.yaml(10,5): error DD0002: Unknown key '"'"'alpah'"'"
if [ $status -eq 0 ]; then echo "FAIL: the build succeeded, but configs/broken.yaml is invalid"; echo "$output"; exit 1; fi
if ! grep -qF "$expected" <<<"$output"; then echo "FAIL: no line containing: $expected"; echo "$output"; exit 1; fi
others=$(grep -E ': (error|warning) ' <<<"$output" | grep -vF "$expected" | sort -u)
if [ -n "$others" ]; then echo "FAIL: other diagnostics besides the expected one:"; echo "$others"; exit 1; fi
echo "OK: $(grep -F "$expected" <<<"$output" | head -n 1)"
