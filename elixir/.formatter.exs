[
  inputs: [
    "mix.exs",
    ".formatter.exs",
    "lib/**/*.ex",
    "test/**/*.{ex,exs}",
    "scripts/*.exs",
    "examples/aot_app/mix.exs",
    "examples/aot_app/lib/**/*.ex"
  ]
]
