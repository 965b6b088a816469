"""The menus' actions: files, exports, learning (weights, training), inputs. Each gets what it uses
(the session, settings, its menus, the docks' owner, a StatusReporter), never the main window."""
