defmodule AotApp.Model do
  @moduledoc """
  Two nx-graph files compiled ahead of time into priv/aot_app_model.so
  (or priv/aot_app_model.<target>.so when NXC_TARGET is set).
  """
  use NxC.AOT,
    otp_app: :aot_app,
    lib: "aot_app_model",
    graphs: [
      mlp: "../../../examples/mlp/mlp.graph.json",
      softmax: "graphs/softmax.graph.json"
    ]
end
