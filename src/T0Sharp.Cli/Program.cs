using T0Sharp.Cli.Hosting;

// t0sharp: one command for prompts, data, models, training, evaluation and the demo (see Hosting/CliApp.cs).
return CliApp.Run(args);
