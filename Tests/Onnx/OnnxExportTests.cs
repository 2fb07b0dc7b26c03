using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NeuralIk.Engine.Data;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Training;
using NeuralIk.Onnx;
using NeuralIk.Tests.Solving;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Onnx;

/// <summary>The exported graph run by ONNX Runtime (an independent implementation) against the engine.</summary>
public class OnnxExportTests
{
    static float[] RunOnnx(IkModel model, float[] input, int rows)
    {
        using var session = new InferenceSession(OnnxExporter.Serialize(model));
        var tensor = new DenseTensor<float>(input, [rows, model.Network.InputCount]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", tensor)]);
        return [.. results.Single(r => r.Name == "output").AsEnumerable<float>()];
    }

    static void AgreesWithEngine(IkModel model, float[] input, int rows)
    {
        var expected = new float[rows * model.Network.OutputCount];
        model.Predict(input, rows, expected);
        var actual = RunOnnx(model, input, rows);
        Close.All("ONNX Runtime vs engine", expected, actual, 1e-5, 1e-6);
    }

    [Fact]
    public void The_solver_graph_matches_the_engine_on_random_inputs()
    {
        var model = SolverFixture.Default.Value.Model;
        var rng = new Rng(71);
        const int rows = 500;
        var input = new float[rows * 2];
        for (var i = 0; i < rows; i++)
            (input[2 * i], input[2 * i + 1]) = ((float)rng.Uniform(0, 2), rng.NextDouble() < 0.5 ? -1f : 1f);
        AgreesWithEngine(model, input, rows);
    }

    [Fact]
    public void A_spatial_arm_graph_matches_the_engine_on_its_inputs()
    {
        var model = new SpatialFixture().Model;
        var layout = new SpatialLayout(((SpatialChain)model.Chain), model.Task);
        var rng = new Rng(75);
        const int rows = 200;
        var input = new float[rows * layout.Inputs];
        var q = new double[layout.Joints];
        for (var i = 0; i < rows; i++)
        {
            PoseSampler.Draw(((SpatialChain)model.Chain), rng, q);
            layout.TargetRow(((SpatialChain)model.Chain).Forward(q), input.AsSpan(i * layout.Inputs));
            layout.Pairs(q, input.AsSpan(i * layout.Inputs + layout.Target));
        }
        AgreesWithEngine(model, input, rows);
    }

    // The learned step's graph, no scaling: the layout's inputs as they are, against the engine's network.
    [Fact]
    public void A_step_graph_matches_the_engine_on_its_inputs()
    {
        var chain = TestRobots.Named("ur5-dh");
        var step = StepRecipe.Train(chain, StepRecipe.Defaults(3) with { Epochs = 1 }, 1024, [32, 32]);
        var model = new SpatialFixture().Model.WithStep(step);
        var layout = new StepLayout(chain);
        var rng = new Rng(76);
        const int rows = 100;
        var input = new float[rows * layout.Inputs];
        var (q, near) = (new double[6], new double[6]);
        for (var i = 0; i < rows; i++)
        {
            PoseSampler.Draw(chain, rng, q);
            for (var j = 0; j < 6; j++)
                near[j] = q[j] + rng.Uniform(-0.3, 0.3);
            layout.Encode(chain.Forward(q), near, chain.Forward(near), input.AsSpan(i * layout.Inputs));
        }
        using var session = new InferenceSession(OnnxExporter.SerializeStep(model));
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input",
            new DenseTensor<float>(input, [rows, layout.Inputs]))]);
        float[] actual = [.. results.Single(r => r.Name == "output").AsEnumerable<float>()];
        var expected = new float[rows * 6];
        step.PredictInto(input, rows, expected);
        Close.All("ONNX Runtime vs engine (step)", expected, actual, 1e-5, 1e-6);
        Assert.Throws<ArgumentException>(() => OnnxExporter.SerializeStep(model.WithStep(null)));
    }

    // The direct guess's graph, no scaling: targets as the layout encodes them, against the engine's network.
    [Fact]
    public void A_direct_graph_matches_the_engine_on_its_inputs()
    {
        var chain = TestRobots.Named("ur5-dh");
        var direct = new Mlp([DirectLayout.Inputs, 32, 32, 3 * 12]);
        direct.InitializeGlorot(new Rng(77));
        var model = new SpatialFixture().Model.WithDirect(direct);
        var (layout, rng, q) = (new DirectLayout(chain), new Rng(78), new double[6]);
        const int rows = 100;
        var input = new float[rows * DirectLayout.Inputs];
        for (var i = 0; i < rows; i++)
        {
            PoseSampler.Draw(chain, rng, q);
            layout.Encode(chain.Forward(q), input.AsSpan(i * DirectLayout.Inputs));
        }
        using var session = new InferenceSession(OnnxExporter.SerializeDirect(model));
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input",
            new DenseTensor<float>(input, [rows, DirectLayout.Inputs]))]);
        float[] actual = [.. results.Single(r => r.Name == "output").AsEnumerable<float>()];
        var expected = new float[rows * direct.OutputCount];
        direct.PredictInto(input, rows, expected);
        Close.All("ONNX Runtime vs engine (direct guess)", expected, actual, 1e-5, 1e-6);
        Assert.Throws<ArgumentException>(() => OnnxExporter.SerializeDirect(model.WithDirect(null)));
    }

    [Fact]
    public void A_chain_graph_matches_the_engine_on_random_inputs()
    {
        var model = ChainFixture.Pose3.Value.Model;
        var rng = new Rng(74);
        const int rows = 300;
        var width = model.Network.InputCount;
        var input = RandomData.Uniform(rng, rows * width);
        for (var i = 0; i < rows; i++)
            (input[i * width], input[i * width + 1]) = ((float)rng.Uniform(0, model.Chain.Reach),
                rng.NextDouble() < 0.5 ? -1f : 1f);
        AgreesWithEngine(model, input, rows);
    }

    [Fact]
    public void The_seed_graph_matches_the_engine_including_the_input_scaler()
    {
        var network = new Mlp(SeedRecipe.Sizes);
        network.InitializeGlorot(new Rng(72));
        var rng = new Rng(73);
        foreach (ref var p in network.Parameters)
            p += (float)rng.Uniform(-0.05, 0.05);
        var model = new IkModel(network, new MinMaxScaler([-1.9f, -2f], [2f, 1.7f]),
            new PlanarChain(Arm.Default, JointLimits.Full), TaskBounds.PlanarPosition, ModelKind.Seed);
        AgreesWithEngine(model, RandomData.Uniform(rng, 2 * 300, -2, 2), 300);
    }
}
