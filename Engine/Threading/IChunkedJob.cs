namespace NeuralIk.Engine.Threading;

/// <summary>
/// Work cut into independent chunks that either thread may take, in any order: each chunk must
/// write its own outputs only, so the result cannot depend on who ran it.
/// </summary>
public interface IChunkedJob
{
    int Chunks { get; }
    void RunChunk(int chunk);
}
