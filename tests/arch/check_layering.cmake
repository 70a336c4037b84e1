# Fails when a file includes a header its layer may not see (ARCHITECTURE.md §1).
# Each rule: folder@regex of forbidden include targets@reason.
set(rules
  "engine@^(Q|qt)@engine must not include Qt"
  "engine@^(workspace|api|server|client|models|ui|app)/@engine sees no upper layer"
  "ui@^(engine|workspace|api|server|client/local|client/remote)/@ui sees only models/ and client/"
  "models@^(ui|engine|workspace|api|server|client/local|client/remote)/@models sees only client/"
  "client@^(ui|models|server)/@client sees no upper layer"
  "client/remote@^(engine|workspace)/@client/remote talks to a server over HTTP only"
  "api@^(engine|workspace|server|client|models|ui)/@api is the wire format only"
  "workspace@^(ui|models|server|client|api)/@workspace sees engine only"
  "server@^(ui|models|client)/@server sees api and workspace"
  # QtCharts stays in ui/charts/: the other GUI folders use its widgets (ChartView, ChartPane).
  "ui/dashboard@^(QtCharts/|QChart|QLegend|QBarSet$|Q[A-Za-z]*Series$|Q[A-Za-z]*Axis$)@only ui/charts/ includes QtCharts"
  "ui/alerts@^(QtCharts/|QChart|QLegend|QBarSet$|Q[A-Za-z]*Series$|Q[A-Za-z]*Axis$)@only ui/charts/ includes QtCharts"
  "models@^(QtCharts/|QChart|QLegend|QBarSet$|Q[A-Za-z]*Series$|Q[A-Za-z]*Axis$)@only ui/charts/ includes QtCharts")
set(failures "")
foreach(rule ${rules})
  string(REPLACE "@" ";" parts "${rule}")
  list(GET parts 0 folder)
  list(GET parts 1 pattern)
  list(GET parts 2 reason)
  file(GLOB_RECURSE files ${SOURCE_DIR}/${folder}/*.h ${SOURCE_DIR}/${folder}/*.cpp)
  foreach(f ${files})
    file(STRINGS ${f} lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
    foreach(line ${lines})
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[<\"]([^>\"]*)[>\"].*" "\\1" inc "${line}")
      if(inc MATCHES "${pattern}")
        file(RELATIVE_PATH rel ${SOURCE_DIR} ${f})
        string(APPEND failures "${rel}: #include ${inc} (${reason})\n")
      endif()
    endforeach()
  endforeach()
endforeach()
if(failures)
  message(FATAL_ERROR "Forbidden includes:\n${failures}")
endif()
message(STATUS "layering ok")
