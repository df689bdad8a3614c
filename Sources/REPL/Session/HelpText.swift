/// The text of the REPL's `help` command.
enum HelpText {
  /// The command list for `program`.
  static func text(program: String, configuration: String) -> String {
    """
    Edit one request, then preview or send it. Lines take the command line's options:
      -r <kv>                  field cursor: move (a.b, .., .), set (a.b=v), append (list[]=v)
      -p <name>=<value>        a query parameter (a later value replaces an earlier one)
      -o <out>                 where send writes the response (- is stdout)
    Commands:
      use <resource>… <method> [<positional>…]
                               select a method (typing the words alone does the same);
                               the same method again only changes the positional values
      cd [<path>]              move the cursor (.. up, . or nothing for the top)
      set <path>=<value>…      set fields, replacing earlier values
      unset <path>…            remove fields or list elements (unset -p <name>, unset -o)
      show                     the request body as JSON, the cursor marked
      preview                  what send would send (the --dry-run object)
      send [--wait] [-o <out>] send the request and print or write the response; --wait polls
                               a long-running operation until it is done
      queue                    add the request, as planned now, to the queue for send-all
      send-all [-o <out>]      send the queue as one batch (batch requests where the API has a
                               batchPath, else concurrent calls) and print one JSON line per
                               request, in queue order: {"line": N, "status": …, "body": …}
      schema [<path>]          the fields at the cursor or at <path>: types, values, descriptions
      reset                    empty the body and the parameters; the method stays
      save [--with-credentials] <file>
                               write the request (method, arguments, parameters, body) as JSON,
                               without -p key and access tokens unless --with-credentials
      load <file>              read a request written by save
      help                     this list
      quit                     leave (Ctrl-D too)
    Tab completes commands, resources, methods, fields, values, -p names and files;
    history is kept in the config folder as \(program)-history.
    Calls use configuration '\(configuration)' (account, billing project, impersonation, endpoint
    overrides); '\(program) config list' shows its values, --configuration picks another.

    """
  }
}
