using NeuralIk.Engine.Tensors;
using NeuralIk.Engine.Training;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Tensors;

public class AdamUpdateTests
{
    [Fact]
    public void Vector_pass_equals_scalar_definition_for_every_length_0_to_70()
    {
        var rng = new Rng(21);
        for (var length = 0; length <= 70; length++)
        {
            var p = RandomData.Uniform(rng, length);
            var g = RandomData.Uniform(rng, length);
            var m = RandomData.Uniform(rng, length, -0.1, 0.1);
            var v = RandomData.Uniform(rng, length, 0, 0.01);
            var (p2, m2, v2) = (p.ToArray(), m.ToArray(), v.ToArray());
            AdamUpdate.Step(p, g, m, v, 1e-3f, 0.9f, 0.999f, 1e-7f);
            AdamUpdate.StepReference(p2, g, m2, v2, 1e-3f, 0.9f, 0.999f, 1e-7f);
            Close.BitExact($"parameters, length {length}", p2, p);
            Close.BitExact($"first moment, length {length}", m2, m);
            Close.BitExact($"second moment, length {length}", v2, v);
        }
    }
}
