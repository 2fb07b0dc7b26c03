using System.CommandLine;

namespace NeuralIk.Cli.Commands;

/// <summary>The command tree, built in one place for the program and for in-process tests.</summary>
public static class CommandTree
{
    public static RootCommand Root()
    {
        var root = new RootCommand("NeuralIk: learned inverse kinematics for planar arms and URDF robots. With no " +
            "command: generate data if needed, train the solver preset, evaluate, save and draw.")
        {
            GenerateCommand.Create(),
            TrainCommand.Create(),
            CalibrateCommand.Create(),
            EvalCommand.Create(),
            SolveCommand.Create(),
            RenderCommand.Create(),
            TrajectoryCommand.Create(),
            ExportCommand.Create(),
            Server.ServeCommand.Create(),
        };
        foreach (var command in root.Subcommands)
            ArgParsing.StrictNumbers(command);
        root.SetAction(_ => MainJob.Run());
        return root;
    }
}
