namespace NeuralIk.Tests.Support;

/// <summary>
/// The third-party URDF files in ../shared/robots beside the checkout (CI has them; a user's fresh clone does
/// not, and the checks that read them then have nothing to check).
/// </summary>
public static class SharedRobots
{
    public static string? Panda => Find("panda", "panda_arm_hand.urdf");
    public static string? Ur5 => Find("ur5", "ur5.urdf");

    static string? Find(string folder, string file)
    {
        var path = Path.Combine(Repository.Root, "..", "shared", "robots", folder, file);
        return File.Exists(path) ? path : null;
    }
}
