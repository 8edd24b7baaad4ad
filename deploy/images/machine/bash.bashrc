# bash settings of a root scenario's machine ("ubuntu"), read by every interactive bash.
case $- in *i*) ;; *) return ;; esac

shopt -s checkwinsize histappend cmdhist
HISTFILE="$HOME/.bash_history"
HISTSIZE=10000
HISTFILESIZE=20000
HISTCONTROL=ignoreboth
PROMPT_COMMAND="history -a"

# ubuntu $  as on Killercoda (red: this shell is root, of this machine only)
PS1='\[\e[1;31m\]\h\[\e[0m\] \[\e[1;34m\]\w\[\e[0m\] \$ '

if command -v dircolors >/dev/null; then
    eval "$(dircolors -b)"
fi
alias ls='ls --color=auto'
alias ll='ls -alF'
alias grep='grep --color=auto'
export EDITOR=nano VISUAL=nano PAGER=less LESS=-R
