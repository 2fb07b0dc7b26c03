namespace NeuralIk.Engine.Tensors;

/// <summary>
/// Argument checks shared by every kernel implementation, so a bad call fails the same way in all of them.
/// </summary>
internal static class Shapes
{
    public static void Require(int length, int rows, int cols, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        if (length < (long)rows * cols)
            throw new ArgumentException($"{name} has {length} elements, needs {rows}×{cols}", name);
    }

    public static void RequireOptional(int length, int rows, int cols, string name)
    {
        if (length != 0)
            Require(length, rows, cols, name);
    }

    /// <summary>A rows × cols window whose rows start ld apart.</summary>
    public static void RequireWindow(int length, int rows, int cols, int ld, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        if (ld < cols)
            throw new ArgumentOutOfRangeException(name, $"{name}'s rows are {ld} apart, fewer than its {cols} columns");
        if (rows > 0 && length < (long)(rows - 1) * ld + cols)
            throw new ArgumentException($"{name} has {length} elements, needs {rows}×{cols} with rows {ld} apart",
                name);
    }

    public static void CheckForward(int x, int ldx, int w, int ldw, int bias, int m, int k, int n, int y, int ldy)
    {
        RequireWindow(x, m, k, ldx, "x");
        RequireWindow(w, k, n, ldw, "w");
        RequireOptional(bias, 1, n, "bias");
        RequireWindow(y, m, n, ldy, "y");
    }

    public static void CheckWeightGradient(int x, int dy, int lddy, int m, int k, int n, int dw, int i0, int i1)
    {
        Require(x, m, k, "x");
        RequireWindow(dy, m, n, lddy, "dy");
        if (i0 < 0 || i1 > k || i0 > i1)
            throw new ArgumentOutOfRangeException(nameof(i0), $"row range [{i0}, {i1}) is outside [0, {k})");
        Require(dw, i1 - i0, n, "dw");
    }

    public static void CheckBiasGradient(int dy, int lddy, int m, int n, int db)
    {
        RequireWindow(dy, m, n, lddy, "dy");
        Require(db, 1, n, "db");
    }
}
