# bash settings of the dockerlab sandbox, read by every interactive bash (login shells reach
# it through /etc/profile). They live in /etc because /home/learner is an empty tmpfs at run
# time: anything the image put there would be hidden.

# Not interactive (the server runs step checks through `bash -c`): set nothing, print nothing.
case $- in *i*) ;; *) return ;; esac

shopt -s checkwinsize histappend cmdhist

# History in the home directory, which is writable; fall back to /tmp if a run mounts no
# tmpfs there. Appended after every command so a second shell or a reconnect keeps it.
if [ -w "${HOME:-/nonexistent}" ]; then
    HISTFILE="$HOME/.bash_history"
else
    HISTFILE="/tmp/.bash_history-$(id -u)"
fi
HISTSIZE=10000
HISTFILESIZE=20000
HISTCONTROL=ignoreboth
case ${PROMPT_COMMAND-} in
    *"history -a"*) ;;
    *) PROMPT_COMMAND="history -a${PROMPT_COMMAND:+; $PROMPT_COMMAND}" ;;
esac

# learner@sandbox:~/dir$  (green user and host, blue directory)
PS1='\[\e[1;32m\]\u@\h\[\e[0m\]:\[\e[1;34m\]\w\[\e[0m\]\$ '

# Colours and the usual shortcuts of a Debian or Ubuntu desktop.
if command -v dircolors >/dev/null; then
    eval "$(dircolors -b)"
fi
alias ls='ls --color=auto'
alias ll='ls -alF'
alias la='ls -A'
alias l='ls -CF'
alias grep='grep --color=auto'
alias diff='diff --color=auto'
alias ip='ip -color=auto'
export EDITOR=nano VISUAL=nano PAGER=less LESS=-R

# The welcome line, once per chain of nested shells. Reconnecting shows it again only as
# part of the screen the shell keeper replays, never as a new line.
if [ -z "${DOCKERLAB_WELCOMED-}" ] && [ -r /etc/dockerlab/motd ]; then
    cat /etc/dockerlab/motd
    export DOCKERLAB_WELCOMED=1
fi
