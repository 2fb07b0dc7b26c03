using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Numerics;

namespace NeuralIk.Engine.Data;

/// <summary>Arm poses and where they put the end effector: columns x, y, theta1, theta2.</summary>
public sealed class JointSamples
{
    public static readonly string[] Header = ["x", "y", "theta1", "theta2"];

    public JointSamples(float[] x, float[] y, float[] theta1, float[] theta2)
    {
        if (y.Length != x.Length || theta1.Length != x.Length || theta2.Length != x.Length)
            throw new ArgumentException("all four columns need the same number of rows");
        X = x;
        Y = y;
        Theta1 = theta1;
        Theta2 = theta2;
    }

    public float[] X { get; }
    public float[] Y { get; }
    public float[] Theta1 { get; }
    public float[] Theta2 { get; }
    public int Count => X.Length;

    /// <summary>The seed's sampling: θ1, θ2 uniform in [−π, π], positions by forward kinematics (in double).</summary>
    public static JointSamples Generate(Arm arm, int count, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var rng = new Rng(seed);
        var (x, y, t1, t2) = (new float[count], new float[count], new float[count], new float[count]);
        for (var i = 0; i < count; i++)
        {
            var theta1 = rng.Uniform(-Math.PI, Math.PI);
            var theta2 = rng.Uniform(-Math.PI, Math.PI);
            var p = arm.Forward(theta1, theta2);
            (x[i], y[i], t1[i], t2[i]) = ((float)p.X, (float)p.Y, (float)theta1, (float)theta2);
        }
        return new JointSamples(x, y, t1, t2);
    }

    public static JointSamples Read(string path)
    {
        var c = CsvTable.Read<float>(path, Header);
        return new JointSamples(c[0], c[1], c[2], c[3]);
    }

    public void Write(string path) => CsvTable.Write(path, Header, [X, Y, Theta1, Theta2]);

    /// <summary>Inputs [n, 2] = (x, y) and targets [n, 2] = (θ1, θ2) of the given rows.</summary>
    public (float[] Inputs, float[] Targets) Rows(ReadOnlySpan<int> rows)
    {
        var inputs = new float[rows.Length * 2];
        var targets = new float[rows.Length * 2];
        for (var r = 0; r < rows.Length; r++)
        {
            (inputs[2 * r], inputs[2 * r + 1]) = (X[rows[r]], Y[rows[r]]);
            (targets[2 * r], targets[2 * r + 1]) = (Theta1[rows[r]], Theta2[rows[r]]);
        }
        return (inputs, targets);
    }
}
