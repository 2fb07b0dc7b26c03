using System.CommandLine;
using NeuralIk.Cli;

var root = new RootCommand("NeuralIk: learned inverse kinematics for planar arms. With no command: generate data if needed, train the solver preset, evaluate, save and draw.")
{
    GenerateCommand.Create(),
    TrainCommand.Create(),
    EvalCommand.Create(),
    SolveCommand.Create(),
    RenderCommand.Create(),
    TrajectoryCommand.Create(),
    ExportCommand.Create(),
};
root.SetAction(_ => MainJob.Run());
return CliRunner.Run(root, args, Console.Error);
