using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<float>;

namespace NeuralIk.Engine.Kinematics;

// FK of several poses at once, one per lane of a float vector: ranking a direct guess's heads costs one FK each, and
// eight scalar ones took longer than the network's pass.
public sealed partial class SpatialChain
{
    const int Lanes = 8;

    /// <summary>
    /// Each pose's FK error against <paramref name="target"/>, errors[count], for poses given as a network's (sin, cos)
    /// pairs, pairs[count, 2N] (each pair read as the angle atan2(sin, cos), as <see cref="ForwardOfPairs"/>; (0, 0) as
    /// 0): the position error plus the reach times the rotation's chord, 2 sin(θ/2), computed in float eight poses at a
    /// time (for ranking them: within about 1e-6 of the reach of the same error from <see cref="ForwardOfPairs"/>). A
    /// chain with a sliding joint or a correction takes <see cref="ForwardOfPairs"/> per pose.
    /// </summary>
    [SkipLocalsInit]
    public void ErrorsOfPairs(ReadOnlySpan<float> pairs, int count, Frame target, Span<double> errors)
    {
        var width = 2 * Joints.Count;
        if (pairs.Length < count * width || errors.Length < count)
            throw new ArgumentException($"{count} poses of {width} values need pairs[{count * width}], " +
                $"errors[{count}]");
        if (HasPrismatic || Correction is not null)
        {
            for (var k = 0; k < count; k++)
                errors[k] = Error(ForwardOfPairs(pairs.Slice(k * width, width)), target);
            return;
        }
        Span<float> s = stackalloc float[Lanes];
        Span<float> c = stackalloc float[Lanes];
        ref var frames = ref MemoryMarshal.GetArrayDataReference(_laneFrames);
        for (var first = 0; first < count; first += Lanes)
        {
            var lanes = Math.Min(Lanes, count - first);
            // The frame per lane in locals (a struct of twelve vectors is not kept in registers): rows x, y, z of the
            // rotation, then the position.
            V xx = One(ref frames, 0), xy = One(ref frames, 3), xz = One(ref frames, 6), yx = One(ref frames, 1),
                yy = One(ref frames, 4), yz = One(ref frames, 7), zx = One(ref frames, 2), zy = One(ref frames, 5),
                zz = One(ref frames, 8), px = One(ref frames, 9), py = One(ref frames, 10), pz = One(ref frames, 11);
            for (var i = 0; i <= _links.Length; i++)
            {
                ref var b = ref Unsafe.Add(ref frames, FrameFloats * (i + 1));
                (xx, xy, xz, px) = Row(xx, xy, xz, px, ref b);
                (yx, yy, yz, py) = Row(yx, yy, yz, py, ref b);
                (zx, zy, zz, pz) = Row(zx, zy, zz, pz, ref b);
                if (i == _links.Length)
                    break;
                // Lanes past the poses turn by 0: (sin, cos) = (0, 1).
                for (var k = 0; k < Lanes; k++)
                {
                    var at = (first + k) * width + 2 * i;
                    (s[k], c[k]) = k < lanes ? (pairs[at], pairs[at + 1]) : (0f, 1f);
                }
                var (vs, vc) = (Vector256.Create<float>(s), Vector256.Create<float>(c));
                var norm = Vector256.Sqrt(vs * vs + vc * vc);
                var zero = Vector256.Equals(norm, V.Zero);
                var scale = V.One / norm;
                vs = Vector256.ConditionalSelect(zero, V.Zero, vs * scale);
                vc = Vector256.ConditionalSelect(zero, V.One, vc * scale);
                var link = _links[i];
                if (link.Principal < 0)
                {
                    var turn = Turn(link.Axis, vc, vs);
                    (xx, xy, xz) = Turned(xx, xy, xz, turn);
                    (yx, yy, yz) = Turned(yx, yy, yz, turn);
                    (zx, zy, zz) = Turned(zx, zy, zz, turn);
                    continue;
                }
                vs *= All(link.Sign);
                (xx, xy, xz) = Turned(xx, xy, xz, link.Principal, vc, vs);
                (yx, yy, yz) = Turned(yx, yy, yz, link.Principal, vc, vs);
                (zx, zy, zz) = Turned(zx, zy, zz, link.Principal, vc, vs);
            }
            // |p − target.p| + reach · √(3 − trace(Rᵀ R_target)).
            var (t0, t1, t2, tp) = (target.Row0, target.Row1, target.Row2, target.P);
            var (dx, dy, dz) = (px - All(tp.X), py - All(tp.Y), pz - All(tp.Z));
            var trace = xx * All(t0.X) + xy * All(t0.Y) + xz * All(t0.Z) + yx * All(t1.X) + yy * All(t1.Y)
                + yz * All(t1.Z) + zx * All(t2.X) + zy * All(t2.Y) + zz * All(t2.Z);
            var error = Vector256.Sqrt(dx * dx + dy * dy + dz * dz)
                + All(Reach) * Vector256.Sqrt(Vector256.Max(V.Zero, All(3) - trace));
            for (var k = 0; k < lanes; k++)
                errors[first + k] = error[k];
        }
    }

    static V All(double v) => Vector256.Create((float)v);

    // Floats per frame in _laneFrames: its rotation by columns, then its position.
    const int FrameFloats = 12;

    // The mount, each link's origin and the tip as FrameFloats floats each, read by ErrorsOfPairs: its constants
    // loaded, not converted from double and broadcast on every call.
    readonly float[] _laneFrames;

    float[] LaneFrames()
    {
        var frames = new[] { Mount }.Concat(_links.Select(l => l.Origin)).Append(Tip).ToArray();
        var floats = new float[FrameFloats * frames.Length];
        for (var f = 0; f < frames.Length; f++)
        {
            var (r0, r1, r2, p) = (frames[f].Row0, frames[f].Row1, frames[f].Row2, frames[f].P);
            double[] values = [r0.X, r1.X, r2.X, r0.Y, r1.Y, r2.Y, r0.Z, r1.Z, r2.Z, p.X, p.Y, p.Z];
            for (var k = 0; k < FrameFloats; k++)
                floats[FrameFloats * f + k] = (float)values[k];
        }
        return floats;
    }

    static V One(ref float frames, int at) => Vector256.Create(Unsafe.Add(ref frames, at));

    // One row (a, b, c | p) of a frame per lane times the frame f (FrameFloats floats), the same in every lane.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static (V, V, V, V) Row(V a, V b, V c, V p, ref float f) =>
        (a * One(ref f, 0) + b * One(ref f, 1) + c * One(ref f, 2), a * One(ref f, 3) + b * One(ref f, 4)
        + c * One(ref f, 5), a * One(ref f, 6) + b * One(ref f, 7) + c * One(ref f, 8),
        a * One(ref f, 9) + b * One(ref f, 10) + c * One(ref f, 11) + p);

    // A row turned about frame axis k by (c, s) per lane, as Frame.TurnedAbout.
    static (V, V, V) Turned(V x, V y, V z, int k, V c, V s) => k switch
    {
        0 => (x, c * y + s * z, c * z - s * y),
        1 => (c * x - s * z, y, c * z + s * x),
        _ => (c * x + s * y, c * y - s * x, z),
    };

    // Frame.Turn(axis, c, s) per lane, rows (a, b, d), (e, f, g), (h, i, j).
    static (V A, V B, V D, V E, V F, V G, V H, V I, V J) Turn(Vec3 axis, V c, V s)
    {
        var (x, y, z) = (All(axis.X), All(axis.Y), All(axis.Z));
        var t = V.One - c;
        return (t * x * x + c, t * x * y - s * z, t * x * z + s * y, t * x * y + s * z, t * y * y + c,
            t * y * z - s * x, t * x * z - s * y, t * y * z + s * x, t * z * z + c);
    }

    // A row times the turn.
    static (V, V, V) Turned(V x, V y, V z, (V A, V B, V D, V E, V F, V G, V H, V I, V J) r) =>
        (x * r.A + y * r.E + z * r.H, x * r.B + y * r.F + z * r.I, x * r.D + y * r.G + z * r.J);

    // The error Forward's callers rank by: as ErrorsOfPairs, in double.
    double Error(Frame at, Frame target) => (at.P - target.P).Length + Reach * Math.Sqrt(Math.Max(0,
        3 - at.Row0.Dot(target.Row0) - at.Row1.Dot(target.Row1) - at.Row2.Dot(target.Row2)));
}
