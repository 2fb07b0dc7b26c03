using NeuralIk.Engine.IO;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Numerics;
using NeuralIk.Engine.Solving;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Model;

/// <summary>
/// The model file records the chain: link lengths, limits and whether it solves full poses; a file whose chain and
/// network disagree is refused.
/// </summary>
public sealed class ChainModelFileTests : TempFolder
{
    static IkModel Model(bool orientation)
    {
        var chain = new PlanarChain([1.0, 0.8, 0.6, 0.4], JointRange.ParseList("-2.5,2.5;-2,1;-1.5,1.5;0.2,3"));
        var layout = new ChainLayout(4, Kinds.Of(orientation));
        var network = new Mlp([layout.Inputs, 7, layout.Outputs]);
        network.InitializeGlorot(new Rng(83));
        return new IkModel(network, layout.Scaler(chain.Reach), chain, Kinds.Of(orientation));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_chain_model_round_trips_with_its_chain(bool orientation)
    {
        var model = Model(orientation);
        var path = In("chain.safetensors");
        model.Save(path);
        var back = IkModel.Load(path);
        Assert.Equal(((PlanarChain)model.Chain).Links, ((PlanarChain)back.Chain).Links);
        Assert.Equal(model.Chain.Ranges, back.Chain.Ranges);
        Assert.Same(Kinds.Of(orientation), back.Task);
        Assert.Equal(IkModel.ChainOutputs, back.Outputs);
        Close.BitExact("parameters", model.Network.Parameters, back.Network.Parameters);
        Assert.Equal(model.Serialize(), back.Serialize());
    }

    [Fact]
    public void A_solver_loaded_from_the_file_answers_as_the_model_it_was_saved_from()
    {
        // IkSolver.Load, as the README's embedding snippet loads a model: the same answers as the model in memory.
        var model = Model(true);
        var path = In("solver.safetensors");
        model.Save(path);
        var target = new Pose2(1.2, 0.9, 0.8);
        var loaded = IkSolver.Load(path).Solve(target, 3);
        var direct = new IkSolver(model).Solve(target, 3);
        Assert.Equal(direct.Status, loaded.Status);
        Assert.NotEmpty(loaded.Answers);
        Assert.Equal(direct.Answers.Select(a => a.Theta), loaded.Answers.Select(a => a.Theta));
    }

    // The file with one metadata entry changed and no checksum, as another tool might write it: taken on its structure
    // alone.
    string Edited(string key, string value)
    {
        var file = SafeTensors.Parse(Model(false).Serialize(), "chain");
        var meta = file.Metadata.Where(kv => kv.Key != ModelChecksum.Key).ToDictionary(kv => kv.Key, kv => kv.Value);
        meta[key] = value;
        var path = In($"{key}.safetensors");
        AtomicFile.WriteAllBytes(path, SafeTensors.Serialize(file.Tensors, meta));
        return path;
    }

    [Theory]
    [InlineData("arm.links", "[1,0.8,0.6]", "3 links need 3 joint limits, got 4")]
    [InlineData("arm.links", "[1,1,1,1,1,1,1,1,1]", "2 to 8 links")]
    [InlineData("arm.limits", "-1,1;-1,1", "4 links need 4 joint limits")]
    [InlineData("arm.target", "sideways", "arm.target")]
    [InlineData("outputs", "spatial-sincos", "arm.spatial")]
    [InlineData("outputs", "relative-sincos", "for 2-link arms")]
    public void A_chain_that_does_not_match_the_network_is_refused_naming_the_file(string key, string value,
        string reason)
    {
        var path = Edited(key, value);
        var e = Assert.Throws<ModelFormatException>(() => IkModel.Load(path));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_network_that_does_not_fit_the_chain_is_refused()
    {
        var chain = new PlanarChain([1.0, 0.8, 0.6, 0.4]);
        var e = Assert.Throws<ArgumentException>(() => new IkModel(new Mlp([5, 8, 8]),
            new Engine.Data.MinMaxScaler(new float[5], [1, 1, 1, 1, 1]), chain, TaskBounds.PlanarPosition));
        Assert.Contains("architecture 5-8-8 does not fit a 4-joint planar position arm (6 inputs, 8 outputs)",
            e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scaler_that_does_not_match_the_inputs_is_refused()
    {
        var e = Assert.Throws<ModelFormatException>(() => IkModel.Load(Edited("scaler.min", "[0,-1]")));
        Assert.Contains("scaler", e.Message, StringComparison.Ordinal);
    }
}
