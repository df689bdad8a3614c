// libedit for the REPL. el_set, el_get and history are variadic, which Swift cannot call:
// each use gets a static inline wrapper with a fixed signature.
#ifndef CLIBEDIT_SHIM_H
#define CLIBEDIT_SHIM_H

#include <stdio.h>
#include <histedit.h>

typedef char *(*clibedit_prompt_fn)(EditLine *);
typedef unsigned char (*clibedit_command_fn)(EditLine *, int);

static inline int clibedit_set_prompt(EditLine *el, clibedit_prompt_fn prompt) {
  return el_set(el, EL_PROMPT, prompt);
}

static inline int clibedit_set_editor(EditLine *el, const char *mode) {
  return el_set(el, EL_EDITOR, mode);
}

static inline int clibedit_set_signal(EditLine *el, int on) {
  return el_set(el, EL_SIGNAL, on);
}

static inline int clibedit_set_history(EditLine *el, History *history_) {
  return el_set(el, EL_HIST, history, history_);
}

static inline int clibedit_add_function(EditLine *el, const char *name, const char *help, clibedit_command_fn fn) {
  return el_set(el, EL_ADDFN, name, help, fn);
}

static inline int clibedit_bind(EditLine *el, const char *key, const char *function) {
  return el_set(el, EL_BIND, key, function, (const char *)NULL);
}

/// Clears a tty flag in edit mode (e.g. "-isig", so Ctrl-C reaches the editor as a key).
static inline int clibedit_set_tty(EditLine *el, const char *flag) {
  return el_set(el, EL_SETTY, "-d", flag, (const char *)NULL);
}

static inline int clibedit_set_client_data(EditLine *el, void *data) {
  return el_set(el, EL_CLIENTDATA, data);
}

static inline void *clibedit_client_data(EditLine *el) {
  void *data = NULL;
  el_get(el, EL_CLIENTDATA, &data);
  return data;
}

static inline int clibedit_history_set_size(History *h, int size) {
  HistEvent event;
  return history(h, &event, H_SETSIZE, size);
}

static inline int clibedit_history_set_unique(History *h, int unique) {
  HistEvent event;
  return history(h, &event, H_SETUNIQUE, unique);
}

static inline int clibedit_history_enter(History *h, const char *line) {
  HistEvent event;
  return history(h, &event, H_ENTER, line);
}

static inline int clibedit_history_load(History *h, const char *file) {
  HistEvent event;
  return history(h, &event, H_LOAD, file);
}

static inline int clibedit_history_save(History *h, const char *file) {
  HistEvent event;
  return history(h, &event, H_SAVE, file);
}

#endif
